"""Damaged, hostile and special files get one line and exit code 2 from every command, never a
traceback, a hang or a runaway read.

The model corpus is made here from one real exported model: every field replaced by every wrong
JSON type, containers emptied, nested, truncated, oversized, with too few class names, deeply
nested to exhaust a recursive parser. Each file is fed to ``playground predict --model`` and to
``playground train --init`` in this process (fast, and an unexpected exception fails the test with
its traceback); a sample also runs as a real subprocess.
"""
from __future__ import annotations

import contextlib
import copy
import io
import json
import os

import pytest

from playground.commands import run

from .conftest import FLAGS, playground

WRONG_VALUES = [None, True, 0, -1, 1.5, 1e400, "x", "", [], [None], [[]], {}, {"a": 1}, [1, "a"], [[1, 2], [3]]]
#: Replacements that leave a valid model (the format allows no preprocessing, metadata or class names).
VALID = [("preprocessing", None), ("metadata", None), ("metadata", {}), ("metadata", {"a": 1}), ("classes", None),
         ("classes", [])]
OPTIONAL = ("preprocessing", "metadata")


def corrupt_models(model: dict) -> dict[str, str]:
    """name -> file text: at least 100 broken variants of ``model``."""
    out: dict[str, str] = {}

    def put(name, data):
        out[name] = data if isinstance(data, str) else json.dumps(data, allow_nan=True)

    for key in ("format", "version", "inputs", "preprocessing", "layers", "output", "metadata"):
        for k, wrong in enumerate(WRONG_VALUES):
            if (key, wrong) in VALID:
                continue
            data = copy.deepcopy(model)
            data[key] = wrong
            put(f"{key}-{k}", data)
        if key not in OPTIONAL:
            data = copy.deepcopy(model)
            del data[key]
            put(f"{key}-missing", data)
    for field in ("weights", "biases", "activation"):
        for k, wrong in enumerate(WRONG_VALUES):
            data = copy.deepcopy(model)
            data["layers"][0][field] = wrong
            put(f"layer-{field}-{k}", data)
    for key in ("activation", "loss", "classes"):
        for k, wrong in enumerate(WRONG_VALUES[:9]):
            if (key, wrong) in VALID:
                continue
            data = copy.deepcopy(model)
            data["output"][key] = wrong
            put(f"output-{key}-{k}", data)
    data = copy.deepcopy(model)
    data["output"]["classes"] = data["output"]["classes"][:1]
    put("one-class-name", data)
    data = copy.deepcopy(model)
    data["layers"] = [None] + data["layers"]
    put("layer-null", data)
    data = copy.deepcopy(model)
    data["layers"] = data["layers"] * 6
    put("too-many-layers", data)
    text = json.dumps(model)
    put("truncated", text[: len(text) // 2])
    put("nan", text.replace("0.", "NaN, 0.", 1))
    put("deep-list", "[" * 100_000 + "]" * 100_000)
    put("deep-dict", '{"a":' * 100_000 + "1" + "}" * 100_000)
    put("deep-in-metadata", text[:-1] + ', "metadata": ' + "[" * 50_000 + "]" * 50_000 + "}")
    put("not-utf8", "")  # its bytes are written by the fixture
    put("empty", "")
    put("a-list", "[1, 2, 3]")
    return out


@pytest.fixture(scope="module")
def corpus(trained, tmp_path_factory):
    model = json.loads(trained.model.read_text())
    folder = tmp_path_factory.mktemp("corrupt")
    paths = []
    for name, text in corrupt_models(model).items():
        path = folder / f"{name}.json"
        if name == "not-utf8":
            path.write_bytes(b'{"format": "\xff\xfe"}')
        else:
            path.write_text(text)
        paths.append(path)
    return paths


def in_process(*argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run(argv[0], list(argv[1:]))
    return code, err.getvalue()


def one_error_line(code: int, err: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playground: error: "), err
    assert "Traceback" not in err and len(lines[0]) < 400


def test_the_corpus_is_large(corpus):
    assert len(corpus) >= 100


def test_predict_refuses_every_corrupt_model_in_one_line(corpus, trained):
    for path in corpus:
        one_error_line(*in_process("predict", "--model", str(path), str(trained.data)))


def test_train_init_refuses_every_corrupt_model_in_one_line(corpus):
    for path in corpus:
        one_error_line(*in_process("train", *FLAGS, "--epochs", "1", "--init", str(path)))


def test_special_and_huge_files_are_refused_unread(trained, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(25_000_000)  # sparse: 25 MB on paper, nothing on disk
    cases = [["predict", "--model", "/dev/zero", str(trained.data)],
             ["predict", "--model", str(fifo), str(trained.data)],
             ["predict", "--model", str(big), str(trained.data)],
             ["predict", "--model", str(tmp_path), str(trained.data)],
             ["predict", "--model", str(trained.model), "/dev/zero"],
             ["train", "--data", "/dev/zero"], ["train", "--data", str(fifo)],
             ["train", "--config", "/dev/zero"], ["train", "--config", str(fifo)],
             ["train", "--init", "/dev/zero"], ["train", "--init", str(big)]]
    for argv in cases:
        code, err = in_process(*argv)
        one_error_line(code, err)
        assert any(word in err for word in ("a device", "a pipe", "a folder", "the limit", "is larger")), err


def test_deeply_nested_settings_files_and_presets_get_one_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"dataset": ' + "[" * 100_000 + "]" * 100_000 + "}")
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("dataset = " + "[" * 5000 + "]" * 5000 + "\n")
    for path in (deep, deep_toml):
        one_error_line(*in_process("train", "--config", str(path)))
    from playground.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["serve", "--preset", str(deep), "--port", "0"]) == 2
    assert err.getvalue().startswith("playground: error: ") and "Traceback" not in err.getvalue()


def test_real_commands_on_a_sample_of_the_corpus(corpus, trained):
    for path in corpus[::25]:
        result = playground("predict", "--model", path, trained.data, timeout=120)
        one_error_line(result.returncode, result.stderr)
    result = playground("train", "--init", "/dev/zero", timeout=120)
    one_error_line(result.returncode, result.stderr)
