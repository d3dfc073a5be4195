"""Conformance cases the TensorFlow engine is known to fail, each with its reason ({case id pattern: reason})."""

_OWN_OPERATORS = ("computes with TensorFlow's own operators, which run on TF's default device: TF places an eager op "
                  "there whatever its inputs' device")

GAPS = {
    # placement (checked where a second device exists: tests/engines/test_tensorflow_devices.py); the fold cases
    # whose function never runs (one row, no initializer) keep the device
    "foldl[double-minus-*]::placement": "the function given to K.foldl " + _OWN_OPERATORS,
    "foldl[times-plus-*]::placement": "the function given to K.foldl " + _OWN_OPERATORS,
    "foldr[double-minus-*]::placement": "the function given to K.foldr " + _OWN_OPERATORS,
    "foldr[times-plus-*]::placement": "the function given to K.foldr " + _OWN_OPERATORS,
}
