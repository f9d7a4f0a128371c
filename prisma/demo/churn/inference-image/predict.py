"""Legacy churn scoring: a hand-tuned logistic model, shipped in its own container."""
import csv
import glob
import math
import os

INPUT_DIR = "/opt/ml/processing/input"
OUTPUT_DIR = "/opt/ml/processing/output"
WEIGHTS = {"tenure_months": -2.1, "monthly_charges": 1.7, "support_calls": 2.4}
BIAS = float(os.environ.get("CHURN_BIAS", "-0.9"))


def score(row):
    z = BIAS + sum(w * float(row[f]) for f, w in WEIGHTS.items())
    return 1 / (1 + math.exp(-z))


def main():
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    count = 0
    with open(os.path.join(OUTPUT_DIR, "predictions.csv"), "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["customer_id", "churn_probability"])
        for path in sorted(glob.glob(os.path.join(INPUT_DIR, "**", "*.csv"), recursive=True)):
            with open(path, newline="") as handle:
                for row in csv.DictReader(handle):
                    writer.writerow([row["customer_id"], round(score(row), 4)])
                    count += 1
    print(f"scored {count} customers")


if __name__ == "__main__":
    main()
