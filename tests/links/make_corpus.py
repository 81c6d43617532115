"""Writes ``hostile_links.txt``: the query strings the link tests feed to the app, one per line.

Run ``python -m tests.links.make_corpus`` after adding a setting or page option; the file is checked
in so a failure names the exact link, and ``test_corpus_is_current`` fails if it is stale.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

CORPUS = Path(__file__).with_name("hostile_links.txt")

#: Values that have broken parsers: other scripts' digits, Python-only spellings, overflow, markup,
#: control characters, separators, empty and very long text.
VALUES = ["", "²", "١٢", "①", "Ⅷ", "٣.٥", "-1", "0", "1e308", "-1e308", "1e999", "nan", "inf", "-inf", "1_000",
          "0x10", "1.5", "0,1", "4,2", "4;2", "[1,2]", "{\"a\":1}", "true", "None", "<script>alert(1)</script>",
          "'\"><img src=x>", "%00", "\x00", "\u202e", "a" * 300, "9" * 400, "😀", "x1,__import__", "?b=2", "=="]


def links() -> list[str]:
    from playground.ui.page_options import OPTION_KEYS
    from playground.ui.url_state import URL_PARAMS

    out = []
    keys = list(URL_PARAMS)
    for i, key in enumerate(keys):  # each setting with a rotating share of the values
        for value in VALUES[i % 5::5]:
            out.append(f"?{key}={quote(value, safe='')}")
    for key in OPTION_KEYS:
        for value in VALUES[::2]:
            out.append(f"?{key}={quote(value, safe='')}")
    for lesson in ("circle", "two_blobs", "nonsense", ""):
        for step in ("0", "1", "2", "3", "9", "50", "51", "-1", "²", "1e2", "", "①"):
            out.append(f"?lesson={lesson}&step={quote(step)}")
    out += ["?lock=" + quote(",".join(["dataset", "<b>", "x" * 80, "learning_rate"])), "?hide=,,,",
            "?lock=" + "a," * 200, "?mode=booth&lesson=circle", "?mode=booth&hidden_layers=16,16,16",
            "?mode=booth&learning_rate=10", "?a=1?b=2", "??", "?&&&", "?=1", "?dataset", "?%ZZ=1", "?dataset=%ZZ",
            "?%ff=1", "?dataset=%ff%fe", "?dataset=circle&dataset=xor", "?dataset=circle#frag", "?#", "?;", "?+=+",
            "?" + "&".join(f"k{i}=1" for i in range(150)), "?dataset=" + "x" * 5000, "?dataset=circle%0d%0aSet-Cookie:a=1",
            "?hidden_layers=" + ",".join(["16"] * 9), "?hidden_layers=0", "?activations=tanh,tanh,tanh,tanh",
            "?features=", "?features=x1sq", "?jet_x=ptd&jet_y=ptd", "?dataset=xor&loss=ce", "?text=larger&mode=booth",
            "?play=1&learning_rate=10&dataset=spiral", "?n_samples=5000&batch_size=1&epochs_per_frame=100",
            "?data_seed=2147483648", "?seed=-0", "?noise=0.50000000001", "?train_fraction=%2B0.5",
            # names Panel itself reads from a link
            "?theme=%ff", "?theme=dark", "?editable=1&reset=1", "?template=fast"]
    return list(dict.fromkeys(out))


def main() -> None:
    CORPUS.write_text("\n".join(links()) + "\n", encoding="utf-8")
    print(f"wrote {len(links())} links to {CORPUS}")


if __name__ == "__main__":
    main()
