"""Package discovery for the layout of this repository (the metadata is in pyproject.toml).

``src/kbackend`` is the package; the top-level folders ``engines/`` and ``conformance/`` are installed inside it as
``kbackend.engines`` and ``kbackend.conformance`` (the ``package-dir`` mapping of pyproject.toml). setuptools'
automatic discovery cannot rename folders, so the packages are found here with ``find_packages`` and prefixed:
a new subpackage anywhere in the three trees is picked up without editing a list.
"""
from setuptools import find_packages, setup

NESTED = ("engines", "conformance")  # top-level folders installed as kbackend.<name>


def discover_packages():
    packages = find_packages("src", include=["kbackend", "kbackend.*"])
    for folder in NESTED:
        packages.append(f"kbackend.{folder}")
        packages.extend(f"kbackend.{folder}.{sub}" for sub in find_packages(folder))
    return sorted(packages)


setup(packages=discover_packages())
