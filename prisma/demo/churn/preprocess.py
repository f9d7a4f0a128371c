"""Legacy preprocessing, as it ran on a desktop: clean the customer export and scale the features to [0, 1]."""
import csv
import glob
import os

INPUT_DIR = "/opt/ml/processing/input/data"
OUTPUT_DIR = "/opt/ml/processing/output"
FEATURES = ["tenure_months", "monthly_charges", "support_calls"]


def main():
    rows = []
    for path in sorted(glob.glob(os.path.join(INPUT_DIR, "**", "*.csv"), recursive=True)):
        with open(path, newline="") as handle:
            rows.extend(r for r in csv.DictReader(handle) if all(r.get(f, "").strip() for f in FEATURES))
    if not rows:
        raise SystemExit(f"no complete rows under {INPUT_DIR}")
    columns = {f: [float(r[f]) for r in rows] for f in FEATURES}
    lows = {f: min(v) for f, v in columns.items()}
    spans = {f: (max(v) - lows[f]) or 1.0 for f, v in columns.items()}
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    with open(os.path.join(OUTPUT_DIR, "features.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id"] + FEATURES)
        for r in rows:
            writer.writerow([r["customer_id"]] + [round((float(r[f]) - lows[f]) / spans[f], 6) for f in FEATURES])
    print(f"preprocessed {len(rows)} customers")


if __name__ == "__main__":
    main()
