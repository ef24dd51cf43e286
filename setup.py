"""Package discovery for setuptools (the rest of the configuration is in pyproject.toml).

Every package under editor/ is found, so a new subpackage is never left out of the wheel;
editor.resources is mapped from resources/ (package-dir in pyproject.toml) and added here,
since discovery only looks inside editor/.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["editor", "editor.*"]), "editor.resources"])
