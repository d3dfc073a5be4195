"""Conformance cases the NumPy engine is known to fail, each with its reason ({case id pattern: reason}).

Gradients on the NumPy engine come from the ``autograd`` library through an autodiff twin of the engine (see
``graph.py``). For the cases below that twin does not yet give the right gradient: autograd lacks VJPs for some
NumPy calls the generic implementations make (``asarray`` of a traced value, ``take_along_axis``), it splits the
gradient at ties of ``maximum``/``minimum`` where the function itself is smooth (elu, sigmoid at 0), and the
gradients of the generic convolution, pooling and resizing code under autograd disagree with finite differences
(not yet diagnosed). The values, dtypes, shapes and symbolic results of these functions are correct; only
``K.gradients`` through them is affected, on this engine only (PyTorch, JAX and TensorFlow pass these cases).
"""
_AUTOGRAD = "K.gradients through the autograd twin is wrong or unsupported here (see the module docstring)"

GAPS = {
    "conv1d[channels_last-same-s2-d1-k3-b2-float64]::gradient": _AUTOGRAD,
    "conv1d[channels_first-valid-s2-d2-k3-b2-float64]::gradient": _AUTOGRAD,
    "conv1d[channels_last-same-s2-k2-float64]::gradient": _AUTOGRAD,
    "conv1d[channels_last-causal-s2-k2-float64]::gradient": _AUTOGRAD,
    "conv1d[channels_first-same-s2-k2-float64]::gradient": _AUTOGRAD,
    "conv1d[channels_first-causal-s2-k2-float64]::gradient": _AUTOGRAD,
    "conv2d[*]::gradient": _AUTOGRAD,
    "conv2d_transpose[*]::gradient": _AUTOGRAD,
    "conv3d[*]::gradient": _AUTOGRAD,
    "conv3d_transpose[*]::gradient": _AUTOGRAD,
    "ctc_batch_cost[*]::gradient": _AUTOGRAD,
    "deconv2d[*]::gradient": _AUTOGRAD,
    "depthwise_conv2d[*]::gradient": _AUTOGRAD,
    "elu[matrix-float64]::gradient": _AUTOGRAD,
    "elu[large-values-float64]::gradient": _AUTOGRAD,
    "elu[large-values-row-float64]::gradient": _AUTOGRAD,
    "local_conv1d[*]::gradient": _AUTOGRAD,
    "local_conv2d[*]::gradient": _AUTOGRAD,
    "pool2d[*]::gradient": _AUTOGRAD,
    "pool3d[*]::gradient": _AUTOGRAD,
    "resize_images[bilinear-2x3-channels_last-float64]::gradient": _AUTOGRAD,
    "resize_images[bilinear-1x4-channels_last-float64]::gradient": _AUTOGRAD,
    "resize_images[bilinear-size1-channels_last-float64]::gradient": _AUTOGRAD,
    "resize_images[bilinear-2x3-channels_first-float64]::gradient": _AUTOGRAD,
    "resize_images[bilinear-1x4-channels_first-float64]::gradient": _AUTOGRAD,
    "resize_images[bilinear-size1-channels_first-float64]::gradient": _AUTOGRAD,
    "separable_conv1d[*]::gradient": _AUTOGRAD,
    "separable_conv2d[*]::gradient": _AUTOGRAD,
    "sigmoid[matrix-float64]::gradient": _AUTOGRAD,
    "sigmoid[large-values-float64]::gradient": _AUTOGRAD,
    "sigmoid[large-values-row-float64]::gradient": _AUTOGRAD,
    "sparse_categorical_crossentropy[float-target-float64]::gradient": _AUTOGRAD,
}
