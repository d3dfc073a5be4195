"""Conformance cases the TensorFlow engine is known to fail, each with its reason ({case id pattern: reason})."""
_CONV_GRADIENT_KERNELS = ("TensorFlow's CPU backprop kernels (Conv2DBackpropInput/Filter) reject these float64 "
                          "grouped or dilated convolutions inside a gradient tape; the forward values are correct")

GAPS = {
    "conv1d[channels_last-causal-s1-d2-k3-b1-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "conv1d[channels_first-valid-s2-d2-k3-b2-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "conv2d[channels_last-same-s(2,1)-d(1,3)-k2x2-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "conv2d[channels_first-same-s(2,1)-d(1,3)-k2x2-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "depthwise_conv2d[channels_last-valid-s1-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "depthwise_conv2d[channels_last-same-s1-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "depthwise_conv2d[channels_first-valid-s1-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "depthwise_conv2d[channels_first-same-s1-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv2d[channels_last-valid-s1-d1-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv1d[channels_last-valid-s2-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv2d[channels_last-same-s1-d1-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv1d[channels_last-same-s2-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv2d[channels_first-valid-s1-d1-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv1d[channels_first-valid-s2-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv2d[channels_first-same-s1-d1-float64]::gradient": _CONV_GRADIENT_KERNELS,
    "separable_conv1d[channels_first-same-s2-d1-k3-float64]::gradient": _CONV_GRADIENT_KERNELS,
}
