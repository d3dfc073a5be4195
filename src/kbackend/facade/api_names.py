"""The 166 public names of the Keras 2 backend API, by section (from shared/spec/api.md)."""

API_SECTIONS = {
    'Configuration and global state': (
        'backend', 'epsilon', 'set_epsilon', 'floatx', 'set_floatx', 'cast_to_floatx', 'image_data_format',
        'set_image_data_format', 'normalize_data_format', 'get_uid', 'reset_uids', 'clear_session',
        'manual_variable_initialization', 'learning_phase', 'set_learning_phase', 'learning_phase_scope',
        'name_scope', 'symbolic', 'eager', 'control_dependencies', 'get_session', 'set_session',
    ),
    'Tensors, variables and values': (
        'variable', 'constant', 'placeholder', 'is_variable', 'is_tensor', 'is_keras_tensor', 'is_placeholder',
        'is_sparse', 'to_dense', 'shape', 'int_shape', 'ndim', 'size', 'dtype', 'eval', 'zeros', 'ones', 'eye',
        'zeros_like', 'ones_like', 'identity', 'random_uniform_variable', 'random_normal_variable', 'count_params',
        'cast', 'update', 'update_add', 'update_sub', 'moving_average_update', 'get_value', 'batch_get_value',
        'set_value', 'batch_set_value', 'print_tensor',
    ),
    'Linear algebra, reductions and element-wise math': (
        'dot', 'batch_dot', 'transpose', 'gather', 'max', 'min', 'sum', 'prod', 'cumsum', 'cumprod', 'var', 'std',
        'mean', 'any', 'all', 'argmax', 'argmin', 'square', 'abs', 'sqrt', 'exp', 'log', 'logsumexp', 'round',
        'sign', 'pow', 'clip', 'equal', 'not_equal', 'greater', 'greater_equal', 'less', 'less_equal', 'maximum',
        'minimum', 'sin', 'cos',
    ),
    'Shape manipulation': (
        'concatenate', 'reshape', 'permute_dimensions', 'resize_images', 'resize_volumes', 'repeat_elements',
        'repeat', 'arange', 'tile', 'flatten', 'batch_flatten', 'expand_dims', 'squeeze', 'temporal_padding',
        'spatial_2d_padding', 'spatial_3d_padding', 'stack', 'one_hot', 'reverse', 'slice',
    ),
    'Neural-network functions': (
        'relu', 'elu', 'softmax', 'softplus', 'softsign', 'sigmoid', 'hard_sigmoid', 'tanh',
        'categorical_crossentropy', 'sparse_categorical_crossentropy', 'binary_crossentropy', 'dropout',
        'l2_normalize', 'in_top_k', 'bias_add', 'batch_normalization', 'normalize_batch_in_training',
    ),
    'Convolution and pooling': (
        'conv1d', 'conv2d', 'conv2d_transpose', 'separable_conv1d', 'separable_conv2d', 'depthwise_conv2d',
        'conv3d', 'conv3d_transpose', 'pool2d', 'pool3d', 'local_conv1d', 'local_conv2d',
    ),
    'Random tensors': (
        'random_normal', 'random_uniform', 'random_binomial', 'truncated_normal',
    ),
    'Graph: functions, gradients and control flow': (
        'function', 'gradients', 'stop_gradient', 'switch', 'in_train_phase', 'in_test_phase', 'rnn', 'map_fn',
        'foldl', 'foldr',
    ),
    'CTC': (
        'ctc_label_dense_to_sparse', 'ctc_batch_cost', 'ctc_decode',
    ),
    'Legacy names from Keras 1 and early Keras 2 (aliases)': (
        'image_dim_ordering', 'set_image_dim_ordering', 'get_variable_shape', 'lesser', 'lesser_equal', 'deconv2d',
        'asymmetric_temporal_padding',
    ),
}
API_NAMES = tuple(name for names in API_SECTIONS.values() for name in names)
