#!/usr/bin/env python3
"""The Debian package, installed into a scratch root with dpkg -x, works with no source tree in sight.

  check_deb.py DEB

Runs the unpacked /usr/bin/yishi from a folder outside the project, with YISHI_HOME and YISHI_PDF_MODULE
unset (the package's build looks for its resources only where it is installed): --version, the Chinese
interface, `yishi demo` (its PDFs come from the packaged typesetter module), `yishi init` from the packaged
sample village, and `man -l` on a packaged page. Prints "N passed, N failed"; exits 1 when one fails.
"""
import gzip
import os
import subprocess
import sys
import tempfile
import zipfile

deb = os.path.abspath(sys.argv[1])
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")


with tempfile.TemporaryDirectory(prefix="yishi-deb-") as tmp:
    root = os.path.join(tmp, "root")
    subprocess.run(["dpkg", "-x", deb, root], check=True)
    info = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True).stdout
    check("Depends lists the runtime libraries and the fonts",
          "libsqlite3-0" in info and "libpango-1.0-0" in info and "fonts-noto-cjk" in info, info)
    recommends = subprocess.run(["dpkg-deb", "-f", deb, "Recommends"], capture_output=True, text=True).stdout
    check("libpq5, loaded only when a district command connects, is recommended, not required",
          "libpq5" in recommends and "libpq5" not in info, (info, recommends))
    check("Depends lists libssl3, whose libcrypto is loaded for the first hash", "libssl3" in info, info)
    yishi = os.path.join(root, "usr", "bin", "yishi")
    env = {k: v for k, v in os.environ.items() if not k.startswith("YISHI_")}
    env.update(LANG="C.UTF-8", YISHI_NOW="2026-03-20 10:00")
    work = os.path.join(tmp, "work")
    os.makedirs(work)

    def run(*argv, **kw):
        return subprocess.run(list(argv), cwd=work, env=kw.pop("env", env), capture_output=True, text=True, **kw)

    v = run(yishi, "--version")
    check("yishi --version", v.returncode == 0 and "0." in v.stdout, v.stdout + v.stderr)
    pg = run(yishi, "district", "status", "--from", "postgresql:///none?host=/nonexistent&user=nobody")
    check("the packaged yishi loads libpq and names the district it cannot reach",
          pg.returncode == 1 and "cannot reach the district's database" in pg.stderr and "/nonexistent" in pg.stderr,
          pg.stderr)
    # Every module loaded into the packaged executable, each symbol it takes from it bound at once.
    mods = run(yishi, "completion", "modules")
    packaged = os.path.join(root, "usr", "lib")
    check("every packaged module loads into the packaged yishi",
          mods.returncode == 0 and all(f"{m}: loaded from {packaged}" in mods.stdout for m in ("pdf", "serve", "xlsx")),
          mods.stdout + mods.stderr)
    zh = run(yishi, "--lang", "zh", "proposal", "--help")
    check("the Chinese catalog is the packaged one", "用法" in zh.stdout, zh.stdout[:200] + zh.stderr)
    demo = run(yishi, "demo", "--dir", os.path.join(tmp, "d"))
    pdfs = [f for f in os.listdir(os.path.join(tmp, "d")) if f.endswith(".pdf")] if demo.returncode == 0 else []
    check("yishi demo, with its PDFs", demo.returncode == 0 and len(pdfs) == 5, demo.stderr[-500:] + str(pdfs))
    if pdfs:
        text = subprocess.run(["pdftotext", os.path.join(tmp, "d", sorted(pdfs)[0]), "-"], capture_output=True,
                              text=True).stdout
        check("a PDF from the packaged typesetter has the sheet's text", "议事方案的公示" in "".join(text.split()),
              text[:200])
    config = os.path.join(root, "usr", "share", "yishi", "laozhai", "village.toml")
    init = run(yishi, "--db", os.path.join(tmp, "v.db"), "init", "--config", config)
    check("yishi init --config /usr/share/yishi/laozhai/village.toml", init.returncode == 0, init.stderr)
    man = run("man", "-l", os.path.join(root, "usr", "share", "man", "man1", "yishi-proposal.1.gz"),
              env=dict(env, MANPAGER="cat", PAGER="cat", MANWIDTH="100"))
    check("man -l yishi-proposal.1.gz", man.returncode == 0 and "yishi proposal add" in man.stdout,
          man.stdout[:300] + man.stderr)
    zh_man = os.path.join(root, "usr", "share", "man", "zh_CN", "man1", "yishi.1.gz")
    check("the Chinese manual is packaged, compressed", os.path.exists(zh_man) and
          "名称" in gzip.open(zh_man, "rt", encoding="utf-8").read())
    doc = os.path.join(root, "usr", "share", "doc", "yishi")
    check("the copyright and the compressed changelog are packaged",
          "Expat" in open(os.path.join(doc, "copyright")).read() and
          "yishi (" in gzip.open(os.path.join(doc, "changelog.gz"), "rt").read())
    units = os.path.join(root, "usr", "lib", "systemd", "system")
    check("the server's unit and the backup's service and timer are packaged",
          all(os.path.exists(os.path.join(units, u)) for u in
              ("yishi-serve.service", "yishi-backup.service", "yishi-backup.timer")))
    check("nothing enables them at install: no wants links",
          not any("wants" in d for d in os.listdir(units)) if os.path.isdir(units) else False)
    sample = os.path.join(root, "usr", "share", "yishi", "laozhai")
    check("the sample village is shipped once (its second place is a link)",
          os.path.islink(sample) and os.path.isfile(os.path.join(sample, "village.toml")))
    # Without its typesetter module a PDF is refused with the places looked in, and no file is left.
    module = next(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "usr", "lib")) for f in fs
                  if f == "libyishi_pdf.so")
    os.rename(module, module + ".away")
    not_a_library = os.path.join(tmp, "not-a-library.so")
    open(not_a_library, "w").write("not an ELF file")
    db = os.path.join(tmp, "d", "yishi.db")
    out = os.path.join(tmp, "none.pdf")
    nopdf = run(yishi, "--db", db, "notice", "print", "N2026-001", "--pdf", "-o", out,
                env=dict(env, YISHI_PDF_MODULE=not_a_library))
    check("no typesetter: refused, saying where it looked", nopdf.returncode == 1 and "libyishi_pdf.so" in
          nopdf.stderr and "YISHI_PDF_MODULE" in nopdf.stderr and not os.path.exists(out), nopdf.stderr)
    os.rename(module + ".away", module)
    # yishi serve answers from its packaged module (cpp-httplib is loaded only then): it binds a free port,
    # says where, and stops on SIGTERM with 0.
    serve = subprocess.Popen([yishi, "--db", db, "serve", "--listen", "127.0.0.1:0"], cwd=work, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = serve.stderr.readline()
    serve.terminate()
    rest = serve.communicate(timeout=30)[1]
    check("yishi serve from the packaged server module", "http://127.0.0.1:" in said and serve.returncode == 0,
          said + rest)
    # The ledgers are written, and a workbook read, by the packaged workbook module.
    ledger = os.path.join(tmp, "ledger.xlsx")
    wrote = run(yishi, "--db", db, "export", "--format", "xlsx", "-o", ledger)
    check("yishi export --format xlsx from the packaged workbook module",
          wrote.returncode == 0 and zipfile.is_zipfile(ledger) and "xl/workbook.xml" in zipfile.ZipFile(ledger).namelist(),
          wrote.stderr)
    read = run(yishi, "--db", db, "import", "proposals", ledger, "--sheet", "议题台账")
    check("yishi import reads the workbook with the packaged module (a ruled matter is not imported as collected)",
          read.returncode == 1 and "row(s) read (xlsx" in read.stdout and "状态" in read.stderr,
          read.stdout + read.stderr)
    linked = subprocess.run(["ldd", yishi], capture_output=True, text=True).stdout
    check("the executable itself loads none of cpp-httplib, Pango, libzip, libxlsxwriter or libcrypto",
          not any(lib in linked for lib in ("httplib", "pango", "libzip", "xlsxwriter", "libcrypto")), linked)
    completion = os.path.join(root, "usr", "share", "bash-completion", "completions", "yishi")
    check("bash completion is packaged", os.path.exists(completion) and "_yishi_subs" in open(completion).read())
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
