"""Independent float64 NumPy reference implementations, written for clarity rather than speed.

They receive the case inputs as float64 (or int64 / bool) NumPy arrays and the case's keyword arguments as given
to the public function, and return the expected value. They share no code with any engine.
"""
