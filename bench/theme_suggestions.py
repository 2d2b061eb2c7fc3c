"""Time theme suggestions (ouderpartner/voice/themes.py) for 100, 1,000 and 5,000 generated Dutch answers.

No server or database needed:
    .venv/bin/python bench/theme_suggestions.py [--sizes 100 1000 5000] [--repeat 3]
Prints, per size, the best wall-clock and CPU time of a few runs, and how many themes and themed answers
came out. The answers are made from six subjects' words mixed with common words and some answers about
nothing in particular, the same every run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ouderpartner.voice.themes import suggest_themes

SUBJECTS = {
    "reading": [
        "boeken",
        "bibliotheek",
        "voorlezen",
        "prentenboeken",
        "lezen",
        "verhalen",
        "voorleesochtend",
    ],
    "language": ["taalles", "nederlands", "taalcafé", "les", "leren", "taal", "cursus", "spreken"],
    "meeting": ["ontmoeten", "koffieochtend", "koffie", "andere ouders", "moeders", "praten", "ouderkamer"],
    "money": ["geld", "kosten", "duur", "betalen", "fonds", "ouderbijdrage", "rekeningen", "schulden"],
    "sport": ["sport", "zwemles", "voetbal", "sportclub", "bewegen", "spelen", "speeltuin", "buiten"],
    "health": ["gezond", "eten", "slapen", "consultatiebureau", "dokter", "tanden", "groente"],
}
COMMON = ["mijn kind", "school", "thuis", "de buurt", "meer", "graag", "hulp bij", "ik wil", "in de wijk"]


def answers(n: int, seed: int = 20261128) -> list[tuple[int, str]]:
    rng = random.Random(seed)
    subjects = list(SUBJECTS)
    result = []
    for answer_id in range(1, n + 1):
        if rng.random() < 0.15:
            words = rng.sample(COMMON, 3)
        else:
            words = rng.sample(SUBJECTS[rng.choice(subjects)], rng.choice([1, 2, 2, 3]))
            words += rng.sample(COMMON, rng.choice([0, 1, 2]))
            rng.shuffle(words)
        result.append((answer_id, " ".join(words).capitalize()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    suggest_themes(answers(20), language="nl")  # imports scikit-learn, not counted below
    print(f"first call (imports scikit-learn): {time.perf_counter() - started:.2f} s")
    print(f"{'answers':>8}{'wall s':>9}{'cpu s':>8}{'themes':>8}{'in a theme':>12}")
    for size in args.sizes:
        data = answers(size)
        best_wall = best_cpu = float("inf")
        for _run in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            result = suggest_themes(data, language="nl")
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        print(f"{size:>8}{best_wall:>9.2f}{best_cpu:>8.2f}{len(result.themes):>8}{result.themed:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
