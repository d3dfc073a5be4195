"""Conformance cases the JAX engine is known to fail, each with its reason ({case id pattern: reason}).

The placement gaps show where a case's inputs spread over a mesh of 8 host devices
(``XLA_FLAGS=--xla_force_host_platform_device_count=8``: tests/engines/test_jax_sharding.py runs the placement
property that way).
"""
_EMPTY = "JAX makes a size-0 result on its default device whatever its inputs' placement (it holds no values)"
_HOST = ("CTC decoding is a host algorithm over the predictions' values: its results are made from NumPy, on JAX's "
         "default device")
_XLA = ("XLA's SPMD partitioner computes wrong values (times the replica count) for lax.conv_general_dilated with "
        "the input and the kernel both sharded along axis 0 over one mesh axis and replicated over the others "
        "(reproduced with jax.jit and lax alone; jax 0.10.2, CPU)")

GAPS = {
    "gather[no-indices*]::placement": _EMPTY,
    "gather[empty-list*]::placement": _EMPTY,
    "hard_sigmoid[size0*]::placement": _EMPTY,
    "sparse_categorical_crossentropy[empty-0x0*]::placement": _EMPTY,
    "ctc_decode[*]::placement": _HOST,
    "deconv2d[channels_last-valid-s1x1*]::placement": _XLA,
}
