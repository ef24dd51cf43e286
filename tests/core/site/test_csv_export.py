"""The table's view as CSV: header then rows, values exactly as given, commas, quotes,
line breaks and non-ASCII text read back by the csv module the same."""

import csv
import io

import pytest

from editor.core.site.csv_export import ENCODING, table_csv, write_table_csv


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_header_then_rows_in_order_with_awkward_text_read_back_exactly():
    header = ["title", "date", "tags", "File"]
    rows = [
        ["Hello, world", "2020-09-30 07:25:20", "news, sport", "posts/a/index.md"],
        ['She said "hi"', "", "", "posts/b/index.md"],
        ["Two\nlines", "2021-01-02", "café", "posts/c.md"],
    ]
    text = table_csv(header, rows)
    assert text.startswith("title,date,tags,File\r\n")
    assert read_back(text) == [header, *rows]


def test_a_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        table_csv(["a", "b", "c"], [["1", "2"]])


def test_the_file_is_utf8_with_a_bom_and_counts_its_rows(tmp_path):
    target = tmp_path / "view.csv"
    assert write_table_csv(target, ["title"], [["Ünïcode"], ["plain"]]) == 2
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    assert read_back(data.decode(ENCODING)) == [["title"], ["Ünïcode"], ["plain"]]
