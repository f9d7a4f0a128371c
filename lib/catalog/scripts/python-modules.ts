/** Python 3 standard library top-level modules (sys.stdlib_module_names, common part). Never "missing". */
export const STDLIB_MODULES = new Set(
  `__future__ abc argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2 calendar cmath cmd code codecs
  collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg cProfile csv ctypes curses
  dataclasses datetime dbm decimal difflib dis doctest email encodings enum errno faulthandler fcntl filecmp fileinput
  fnmatch fractions ftplib functools gc getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http
  imaplib importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox marshal math
  mimetypes mmap multiprocessing netrc numbers operator optparse os pathlib pdb pickle pkgutil platform plistlib poplib
  posix pprint profile pstats pty pwd py_compile queue quopri random re readline reprlib resource rlcompleter runpy
  sched secrets select selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics
  string stringprep struct subprocess symtable sys sysconfig syslog tabnanny tarfile tempfile termios textwrap threading
  time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle types typing unicodedata unittest
  urllib uuid venv warnings wave weakref webbrowser wsgiref xml xmlrpc zipapp zipfile zipimport zlib zoneinfo`.split(/\s+/),
);

/** Import names whose PyPI distribution is called something else. */
export const DISTRIBUTION_OF: Record<string, string> = {
  sklearn: "scikit-learn",
  skimage: "scikit-image",
  cv2: "opencv-python",
  PIL: "pillow",
  yaml: "pyyaml",
  bs4: "beautifulsoup4",
  dateutil: "python-dateutil",
  dotenv: "python-dotenv",
  google: "google-cloud",
  jwt: "pyjwt",
  Crypto: "pycryptodome",
  attr: "attrs",
  psycopg2: "psycopg2-binary",
};

/** PEP 503 normalised distribution name, so "Scikit_Learn" and "scikit-learn" compare equal. */
export function normaliseDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
