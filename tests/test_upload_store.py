"""The store behind links to uploaded files: content-addressed, bounded, and closed to anything else."""
import hashlib
import os

import pytest

from playground.upload_store import UploadStore


def test_a_file_is_kept_under_its_hash_and_read_back(tmp_path):
    store = UploadStore(tmp_path)
    data = b"u,v,label\n1,2,0\n3,4,1\n"
    key = store.put(data, "../../etc/marks.csv")
    assert key == hashlib.sha256(data).hexdigest() and store.put(data, "marks.csv") == key
    assert store.get(key) == (data, "marks.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{key}.csv", f"{key}.name"]


@pytest.mark.parametrize("key", ["../secret", "a" * 63, "A" * 64, "0" * 64 + "/", "", None])
def test_a_link_names_only_stored_files(tmp_path, key):
    store = UploadStore(tmp_path)
    with pytest.raises(KeyError):
        store.get(key)


def test_a_damaged_file_is_refused_and_the_store_stays_bounded(tmp_path):
    store = UploadStore(tmp_path, max_files=3, max_total_bytes=10_000)
    keys = []
    for k in range(5):
        keys.append(store.put(f"x,y,label\n{k},1,0\n".encode(), f"f{k}.csv"))
        os.utime(tmp_path / f"{keys[-1]}.csv", (1000 + k, 1000 + k))  # distinct ages on any filesystem
    store.put(b"x,y,label\n9,9,1\n", "last.csv")
    assert len(list(tmp_path.glob("*.csv"))) == 3
    with pytest.raises(KeyError, match="no longer kept"):
        store.get(keys[0])
    (tmp_path / f"{keys[4]}.csv").write_bytes(b"changed")
    with pytest.raises(KeyError, match="damaged"):
        store.get(keys[4])
    big = UploadStore(tmp_path / "big", max_total_bytes=50)
    first = big.put(b"a" * 40, "a.csv")
    big.put(b"b" * 40, "b.csv")
    with pytest.raises(KeyError):
        big.get(first)
