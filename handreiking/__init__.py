"""handreiking: workshops and lessons on working with burgercollectieven in the energy transition.

Public API for notebooks: the content (``handreiking.content``), the scenario
models (``handreiking.scenarios``) and the apps (``handreiking.apps``). Import
what you need from those subpackages; this top level stays light so a Voila
kernel starts fast.
"""

__version__ = "0.1.0"
