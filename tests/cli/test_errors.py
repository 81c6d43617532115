"""Every bad input ends a command with one line, `playground: error: ...`, and exit code 2: never a
traceback. Unknown datasets, bad flag values, unreadable or wrong files, a model that does not fit."""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import playground

BAD_FILES = {
    "broken.toml": 'dataset = "circle\n',
    "loud.toml": "noise = 2\n",
    "semicolons.csv": "x1;x2;label\n1;2;0\n",
    "letters.csv": "x1,x2,label\n1,2,0\n3,abc,1\n4,5,0\n6,7,1\n",
    "other_columns.csv": "a,b,label\n1,2,0\n",
    "not_a_model.json": json.dumps({"hello": "world"}),
}


@pytest.fixture(scope="module")
def folder(trained):
    for name, text in BAD_FILES.items():
        (trained.folder / name).write_text(text)
    return trained.folder


CASES = [
    # train: settings checked like a link
    (["train", "--dataset", "mnist"], "unknown dataset 'mnist'; choose one of quark_gluon, two_blobs"),
    (["train", "--learning-rate", "-1"], "learning_rate='-1': must be between 0.00001 and 10"),
    (["train", "--hidden-layers", "4,x"], "hidden_layers='4,x'"),
    (["train", "--activation", "cosh"], "activation='cosh': not one of the choices"),
    (["train", "--early-stopping", "maybe"], "early_stopping='maybe': expected 1 or 0"),
    (["train", "--epochs", "-5"], "argument --epochs: epochs must be 0 to 10000000"),
    (["train", "--bogus"], "unrecognized arguments: --bogus"),
    (["train", "--jet-x", "ptd"], "Could not make the Quark vs gluon jets data: features must be two different"),
    # train: files
    (["train", "--config", "missing.toml"], "cannot read settings file missing.toml: No such file or directory"),
    (["train", "--config", "broken.toml"], "settings file broken.toml cannot be read"),
    (["train", "--config", "loud.toml"], "settings file loud.toml: noise='2': must be between 0 and 0.5"),
    (["train", "--data", "letters.csv"], "--data letters.csv: Row 3, column 'x2': 'abc' is not a number"),
    (["train", "--init", "missing.json"], "--init missing.json: No such file or directory"),
    (["train", "--init", "not_a_model.json"], "--init not_a_model.json: not an NN Playground model"),
    (["train", "--init", "model.json"], "--init model.json: the saved model does not fit these settings: its "
                                        "inputs are x1, x2, x1sq, these settings give x1, x2; its layers are "
                                        "3-4-3-1, these settings make 2-4-2-1"),
    (["train", "--epochs", "100000", "--plot", "out.json"], "--plot out.json: name a picture file ending in .png"),
    (["train", "--export", "no/such/folder/m.json"], "--export no/such/folder/m.json: folder no/such/folder does "
                                                     "not exist"),
    # predict
    (["predict", "data.csv"], "the following arguments are required: --model"),
    (["predict", "--model", "missing.json", "data.csv"], "model file missing.json: No such file or directory"),
    (["predict", "--model", "not_a_model.json", "data.csv"], "not an NN Playground model"),
    (["predict", "--model", "data.csv", "data.csv"], "model file data.csv: model file is not valid JSON"),
    (["predict", "--model", "model.json", "missing.csv"], "missing.csv: No such file or directory"),
    (["predict", "--model", "model.json", "semicolons.csv"], "looks separated by semicolons"),
    (["predict", "--model", "model.json", "letters.csv"], "letters.csv: Row 3, column 'x2': 'abc' is not a number"),
    (["predict", "--model", "model.json", "other_columns.csv"], "There is no column 'x1', which the model needs"),
    # data
    (["data", "mnist"], "unknown dataset 'mnist'; choose one of quark_gluon, two_blobs"),
    (["data"], "name a dataset"),
    (["data", "circle", "--noise", "0.9"], "noise='0.9': must be between 0 and 0.5"),
    (["data", "circle", "--jet-x", "mass"], "--jet-x applies to the quark_gluon data only"),
    (["data", "quark_gluon", "--jet-x", "ptd"], "features must be two different names for the plane"),
    (["data", "circle", "--out", "no/such/folder/d.csv"], "no/such/folder/d.csv: No such file or directory"),
]


@pytest.fixture(scope="module")
def runs(folder):
    """Every case run once, two at a time (each is mostly interpreter start-up and imports)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda argv: playground(*argv, cwd=folder), [argv for argv, _ in CASES])
        return {tuple(argv): run for (argv, _), run in zip(CASES, results)}


@pytest.mark.parametrize("argv, message", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_one_line_and_exit_2(runs, argv, message):
    run = runs[tuple(argv)]
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("playground: error: ") and message in lines[0], lines[0]
