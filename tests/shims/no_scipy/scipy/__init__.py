"""A stand-in that makes `import scipy` fail, as on a machine without it (the tests put its folder first on
PYTHONPATH)."""
raise ModuleNotFoundError("No module named 'scipy' (hidden by the tests' shim)", name="scipy")
