"""A stand-in that makes `import autograd` fail, as on a machine without it (the tests put its folder first on
PYTHONPATH)."""
raise ModuleNotFoundError("No module named 'autograd' (hidden by the tests' shim)", name="autograd")
