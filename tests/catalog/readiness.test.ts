import { describe, expect, it } from "vitest";
import { checkReadiness, requirementNames, type ReadinessRule } from "@/lib/catalog/scripts/readiness";

const GUARDED = (body: string) => `${body}\n\ndef main():\n    pass\n\nif __name__ == "__main__":\n    main()\n`;

function found(text: string, requirements: string | null = "", localModules: string[] = []) {
  return checkReadiness("job.py", text, { requirements, localModules }).map((w) => [w.rule, w.line] as [ReadinessRule, number]);
}

describe("checkReadiness", () => {
  it("finds nothing in a container-ready script", () => {
    const text = GUARDED(`import os\nimport pandas as pd\n\nINPUT = "/opt/ml/processing/input/data.csv"\nOUT = os.path.join("/opt/ml/processing/output", "x.csv")`);
    expect(found(text, "pandas==2.2\n")).toEqual([]);
  });

  it("absolute paths outside /opt/ml, with their line", () => {
    expect(found(GUARDED(`import os\ndf = open("/home/alice/data.csv")\nok = "/opt/ml/processing/input"\ntmp = "/tmp/x"`))).toEqual([["absolute-path", 2]]);
  });

  it("Windows paths", () => {
    expect(found(GUARDED(`a = 1\np = r"C:\\\\data\\\\in.csv"\nq = "\\\\\\\\server\\\\share"`))).toEqual([
      ["windows-path", 2],
      ["windows-path", 3],
    ]);
  });

  it("interactive input", () => {
    expect(found(GUARDED(`import sys, getpass\nname = input("name? ")\npw = getpass.getpass()\nraw = sys.stdin.read()`))).toEqual([
      ["interactive-input", 2],
      ["interactive-input", 3],
      ["interactive-input", 4],
    ]);
  });

  it("GUI and plot windows", () => {
    const text = GUARDED(`import matplotlib.pyplot as plt\nimport cv2\nimport tkinter\nplt.plot([1])\nplt.show()\ncv2.imshow("w", img)\nfig.show()`);
    expect(found(text, "matplotlib\nopencv-python-headless\n")).toEqual([
      ["gui-window", 3],
      ["gui-window", 5],
      ["gui-window", 6],
      ["gui-window", 7],
    ]);
  });

  it("network calls", () => {
    const text = GUARDED(`import requests, boto3\nfrom urllib.request import urlopen\nr = requests.get(u)\ns3 = boto3.client("s3")\nurlopen(x)\ndf = pd.read_csv("https://example.com/a.csv")`);
    expect(found(text, "requests\nboto3\n")).toEqual([
      ["network-call", 2],
      ["network-call", 3],
      ["network-call", 4],
      ["network-call", 5],
      ["network-call", 6],
    ]);
  });

  it("no __main__ guard: points at the first top-level statement that does something", () => {
    expect(found(`"""Doc."""\nimport os\n\nLIMIT = 3\n\ndef f():\n    return 1\n\nprint(f())\n`)).toEqual([["no-main-guard", 9]]);
    expect(found(`import os\n\ndef f():\n    return 1\n`)).toEqual([]);
  });

  it("imports missing from requirements.txt, once per module, mapped to distributions", () => {
    const text = GUARDED(`import os\nimport numpy as np\nimport sklearn.linear_model\nfrom PIL import Image\nimport yaml, helpers\nimport numpy\nfrom . import sibling`);
    expect(found(text, "numpy>=1.26  # pinned\n-r base.txt\nPillow\n", ["helpers"])).toEqual([
      ["missing-requirement", 3],
      ["missing-requirement", 5],
    ]);
    const messages = checkReadiness("job.py", text, { requirements: null, localModules: ["helpers"] }).map((w) => w.message);
    expect(messages[0]).toContain("no requirements.txt");
    expect(messages.some((m) => m.includes("scikit-learn"))).toBe(true);
  });

  it("ignores comments and docstrings", () => {
    const text = GUARDED(`# df = open("/home/me/x.csv")\n"""\ninput("never runs")\n"""\nx = 1  # plt.show()`);
    expect(found(text)).toEqual([]);
  });

  it("checks Python files only", () => {
    expect(checkReadiness("config.json", `{"path": "/home/me"}`, { requirements: null })).toEqual([]);
  });

  it("reads requirement names", () => {
    expect([...requirementNames("Scikit_Learn==1.4\n# c\n\n--index-url x\npandas[parquet]>=2; python_version>'3'\n")]).toEqual(["scikit-learn", "pandas"]);
  });
});
