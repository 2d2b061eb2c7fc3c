"""The demo: built-in sample data written for the project, and the loader behind `manage.py load_demo`.

The CSV files next to this module are small hand-written samples in the importers' own formats:
the 10 Utrecht districts with their CBS 2024 key figures and a handful of buurten
(`neighbourhoods.csv`), twelve Utrecht primary-school locations from DUO's public register
(`schools.csv`), a small postcode-to-buurt table for the demo's addresses (`postcodes.csv`, an
approximation made for the demo, not CBS's table) and a short municipality list (`municipalities.csv`).
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "ouderpartner-demo"
