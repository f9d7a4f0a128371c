"""Legacy postprocessing: the weekly retention list the account managers used to get by email."""
import csv
import glob
import json
import os

INPUT_DIR = "/opt/ml/processing/input/data"
OUTPUT_DIR = "/opt/ml/processing/output"
THRESHOLD = 0.5


def main():
    scored = []
    for path in sorted(glob.glob(os.path.join(INPUT_DIR, "**", "*.csv"), recursive=True)):
        with open(path, newline="") as handle:
            scored.extend(csv.DictReader(handle))
    at_risk = sorted((r for r in scored if float(r["churn_probability"]) >= THRESHOLD), key=lambda r: -float(r["churn_probability"]))
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    with open(os.path.join(OUTPUT_DIR, "retention_list.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "churn_probability"])
        writer.writerows([r["customer_id"], r["churn_probability"]] for r in at_risk)
    summary = {"customers": len(scored), "at_risk": len(at_risk), "threshold": THRESHOLD}
    with open(os.path.join(OUTPUT_DIR, "summary.json"), "w") as handle:
        json.dump(summary, handle)
    print("summary", json.dumps(summary))


if __name__ == "__main__":
    main()
