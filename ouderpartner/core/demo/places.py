"""Demo trusted places of other kinds than schools, partnerships and contact persons (written for the demo).

Organisation names follow Utrecht's real services; addresses and coordinates are approximate and
meant to look real on the map, not to be used as a directory.
"""

from __future__ import annotations

from typing import Any

UTRECHT_ORGANISATIONS: list[dict[str, Any]] = [
    {
        "kind": "library",
        "name": "Bibliotheek Utrecht",
        "website": "https://www.bibliotheekutrecht.nl",
        "locations": [
            {
                "name": "Bibliotheek Kanaleneiland",
                "street": "Marshallaan",
                "house_number": "2",
                "postcode": "3527 TK",
                "neighbourhood": "BU03440832",
                "latitude": "52.074300",
                "longitude": "5.097600",
                "purposes": ["reading", "language", "meeting"],
                "languages": ["nl", "ar", "tr", "en"],
                "notes": "Voorleesochtend voor peuters op woensdag; ouders komen hier ook voor hulp met formulieren.",
            },
            {
                "name": "Bibliotheek Overvecht",
                "street": "Zamenhofdreef",
                "house_number": "1",
                "postcode": "3562 JT",
                "neighbourhood": "BU03440321",
                "latitude": "52.106900",
                "longitude": "5.113700",
                "purposes": ["reading", "language", "advice"],
                "languages": ["nl", "ar", "so", "ti"],
                "notes": "Taalcafé op dinsdagmiddag.",
            },
        ],
    },
    {
        "kind": "youth_health",
        "name": "JGZ Utrecht (consultatiebureaus)",
        "website": "https://www.jgzutrecht.nl",
        "locations": [
            {
                "name": "Consultatiebureau Kanaleneiland",
                "street": "Rijnlaan",
                "house_number": "181",
                "postcode": "3522 BT",
                "neighbourhood": "BU03440831",
                "latitude": "52.072100",
                "longitude": "5.101900",
                "purposes": ["health_check", "advice"],
                "languages": ["nl", "ar", "tr"],
                "notes": "",
            },
            {
                "name": "Consultatiebureau Overvecht",
                "street": "Neckardreef",
                "house_number": "4",
                "postcode": "3562 CL",
                "neighbourhood": "BU03440322",
                "latitude": "52.112600",
                "longitude": "5.108900",
                "purposes": ["health_check", "advice", "meeting"],
                "languages": ["nl", "ar", "ti", "so"],
                "notes": "",
            },
        ],
        "contacts": [
            {"name": "Marloes de Wit", "role": "jeugdverpleegkundige", "email": "m.dewit@example.org"}
        ],
    },
    {
        "kind": "family_support",
        "name": "Buurtteams Jeugd en Gezin Utrecht",
        "website": "https://www.buurtteamsutrecht.nl",
        "locations": [
            {
                "name": "Buurtteam Zuidwest",
                "street": "Columbuslaan",
                "house_number": "540",
                "postcode": "3526 EP",
                "neighbourhood": "BU03440831",
                "latitude": "52.071800",
                "longitude": "5.095300",
                "purposes": ["advice"],
                "languages": ["nl", "ar", "tr", "pl"],
                "notes": "Inloopspreekuur op maandag en donderdag.",
            },
        ],
        "contacts": [{"name": "Youssef Amrani", "role": "gezinscoach", "email": "y.amrani@example.org"}],
    },
    {
        "kind": "early_education",
        "name": "Spelenderwijs (voorschoolse educatie)",
        "website": "https://www.spelenderwijs-utrecht.nl",
        "locations": [
            {
                "name": "Peuterspeelzaal Het Schateiland",
                "street": "Fernandezlaan",
                "house_number": "100",
                "postcode": "3526 GW",
                "neighbourhood": "BU03440831",
                "latitude": "52.070900",
                "longitude": "5.093800",
                "purposes": ["childcare", "education", "play"],
                "languages": ["nl", "ar", "tr"],
                "notes": "VE-groep in het gebouw van KBS Het Schateiland.",
            },
            {
                "name": "Peuterspeelzaal Overvecht",
                "street": "Eufraatdreef",
                "house_number": "1",
                "postcode": "3564 XZ",
                "neighbourhood": "BU03440342",
                "latitude": "52.116500",
                "longitude": "5.118900",
                "purposes": ["childcare", "education", "play", "meeting"],
                "languages": ["nl", "ar", "so", "uk"],
                "notes": "Koffieochtend voor ouders op vrijdag.",
            },
        ],
        "contacts": [{"name": "Sanne Vermeulen", "role": "VE-coach", "email": "s.vermeulen@example.org"}],
    },
    {
        "kind": "adult_education",
        "name": "Taalhuis Utrecht",
        "website": "https://www.taalhuisutrecht.nl",
        "locations": [
            {
                "name": "Taalhuis Overvecht",
                "street": "Zamenhofdreef",
                "house_number": "1",
                "postcode": "3562 JT",
                "neighbourhood": "BU03440321",
                "latitude": "52.107000",
                "longitude": "5.113900",
                "purposes": ["language", "advice"],
                "languages": ["nl", "en", "ar", "ti", "uk"],
                "notes": "Nederlands leren, ook voor ouders van jonge kinderen.",
            },
        ],
    },
]

# Contact persons at schools, by BRIN.
SCHOOL_CONTACTS: dict[str, list[dict[str, str]]] = {
    "15RL": [
        {"name": "Fatima El Idrissi", "role": "brede schoolcoördinator", "email": "f.elidrissi@example.org"}
    ],
    "16NM": [
        {"name": "Peter Hendriks", "role": "brede schoolcoördinator", "email": "p.hendriks@example.org"}
    ],
}

# Schools that are trusted places too (by location code), with what parents come there for.
TRUSTED_SCHOOLS: dict[str, dict[str, Any]] = {
    "15RL00": {"purposes": ["education", "meeting"], "languages": ["nl", "ar", "tr"]},
    "16NM00": {"purposes": ["education", "meeting"], "languages": ["nl", "ar", "so"]},
}

PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "name": "VVE-koppeling Spelenderwijs – KBS Het Schateiland",
        "kind": "preschool_to_school",
        "organisations": ["Spelenderwijs (voorschoolse educatie)"],
        "schools": ["15RL"],
        "agreements": "Warme overdracht van elke peuter; gezamenlijke ouderbijeenkomst per thema; één VE-coach.",
        "start_date": "2023-08-01",
    },
    {
        "name": "VVE-koppeling Spelenderwijs – OBS Overvecht",
        "kind": "preschool_to_school",
        "organisations": ["Spelenderwijs (voorschoolse educatie)"],
        "schools": ["16NM"],
        "agreements": "Warme overdracht; ouders lopen een ochtend mee in groep 1.",
        "start_date": "2024-01-01",
    },
    {
        "name": "Samenwerking Bibliotheek en Taalhuis Overvecht",
        "kind": "collaboration_agreement",
        "organisations": ["Bibliotheek Utrecht", "Taalhuis Utrecht"],
        "schools": [],
        "agreements": "Taalcafé en voorleesuur in de bibliotheek; doorverwijzing naar taallessen.",
        "start_date": "2022-09-01",
    },
]

AMERSFOORT_ORGANISATIONS: list[dict[str, Any]] = [
    {
        "kind": "library",
        "name": "Bibliotheek Eemland",
        "website": "https://www.bibliotheekeemland.nl",
        "locations": [
            {
                "name": "Bibliotheek Eemhuis",
                "street": "Eemplein",
                "house_number": "77",
                "postcode": "3812 EA",
                "neighbourhood": "",
                "latitude": "52.161300",
                "longitude": "5.381900",
                "purposes": ["reading", "language"],
                "languages": ["nl", "en"],
                "notes": "",
            },
        ],
    },
    {
        "kind": "youth_health",
        "name": "GGD regio Utrecht – JGZ Amersfoort",
        "website": "https://www.ggdru.nl",
        "locations": [
            {
                "name": "Consultatiebureau Kruiskamp",
                "street": "Kruiskamp",
                "house_number": "10",
                "postcode": "3814 AA",
                "neighbourhood": "",
                "latitude": "52.167500",
                "longitude": "5.403800",
                "purposes": ["health_check"],
                "languages": ["nl", "tr"],
                "notes": "",
            },
        ],
    },
]
