"""brat standoff import (and, below, export) against small hand-written folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import InputError
from annotations.formats import ReadOptions
from annotations.importing import ImportReport, import_paths
from annotations.progress import drive
from annotations.readopts import load_dates
from annotations.store import Project
from tests.conftest import dump

TEXT = (
    "The port authority said on Friday that “ships will wait,” and the mayor warned "
    "that fees would rise.\nA clerk added: “We are ready,” she said, “nobody is leaving.”\n"
)


def offsets(fragment: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(fragment, start + 1)
    return start, start + len(fragment)


def t_line(ident: str, label: str, fragment: str, nth: int = 0) -> str:
    start, end = offsets(fragment, nth)
    return f"{ident}\t{label} {start} {end}\t{fragment}"


STANDARD_ANN = "\n".join([
    t_line("T1", "SPEAKER", "The port authority"),
    t_line("T2", "QUOTE", "ships will wait,"),
    t_line("T3", "DATE", "Friday"),
    t_line("T4", "EVENT", "said"),
    "R1\tSAID Arg1:T1 Arg2:T2",
    "R2\tWHEN Arg1:T4 Arg2:T3",
    "A1\tdirect T2",
    "A2\tclass T4 REPORTING",
    "A3\ttype T3 DATE",
    "#1\tAnnotatorNotes T3\t2021-08-13",
    "#2\tAnnotatorNotes T1\tcheck the name",
    "N1\tReference T1 Wikidata:Q1\tport",
]) + "\n"

LABEL_MAP = {"Source": "SPEAKER", "Content": "QUOTE", "Cue": None, "Attribution": None}


def run_import(project: Project, *paths: Path, **kwargs: Any) -> ImportReport:
    options = ReadOptions(label_map=kwargs.pop("label_map", {}), dates=kwargs.pop("dates", {}))
    who = kwargs.pop("annotator", "ann")
    return drive(import_paths(project, list(paths), who, options=options, **kwargs))


def standard_folder(root: Path, ann: str = STANDARD_ANN) -> Path:
    folder = root / "brat"
    folder.mkdir()
    (folder / "port.txt").write_text(TEXT, encoding="utf-8")
    (folder / "port.ann").write_text(ann, encoding="utf-8")
    (folder / "plain.txt").write_text("A plain article without annotations.\n")
    return folder


def polnear_folder(root: Path, anns: dict[str, str]) -> Path:
    corpus = root / "dev"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    (corpus / "text" / "port-story.txt").write_text(TEXT, encoding="utf-8")
    for suffix, content in anns.items():
        (corpus / "attributions" / f"port-story_{suffix}.ann").write_text(content)
    return corpus


def polnear_ann(extra: list[str] | None = None) -> str:
    quote_start, _ = offsets("that fees")
    _, quote_end = offsets("would rise")
    clerk_a, clerk_b = offsets("We are ready,"), offsets("nobody is leaving.")
    return "\n".join([
        t_line("T1", "Source", "the mayor"),
        t_line("T2", "Cue", "warned"),
        f"T3\tContent {quote_start} {quote_end}\tthat fees would rise",
        t_line("T4", "Attribution", "warned"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", "A clerk"),
        # One quote in two pieces with words between them: two QUOTE spans.
        f"T6\tContent {clerk_a[0]} {clerk_a[1]};{clerk_b[0]} {clerk_b[1]}\t"
        "We are ready, nobody is leaving.",
        "E2\tAttribution:T4 Content:T6 Source:T5",
        *(extra or []),
    ]) + "\n"


def test_standard_layout_reads_spans_attributes_notes_and_relations(
    tmp_path: Path, project: Project
) -> None:
    report = run_import(project, standard_folder(tmp_path))
    assert (report.documents_added, report.spans, report.relations) == (2, 4, 2)
    port = next(d for d in project.documents() if d.source == "port.txt")
    spans = {s.label: s for s in project.spans(port.id, "ann")}
    assert spans["QUOTE"].attrs == {"direct": True}
    assert spans["EVENT"].attrs == {"class": "REPORTING"}
    assert spans["DATE"].attrs == {"type": "DATE", "value": "2021-08-13"}
    assert spans["SPEAKER"].text == "The port authority"
    links = {(r.label, r.head, r.child) for r in project.relations(port.id, "ann")}
    assert links == {("SAID", spans["SPEAKER"].id, spans["QUOTE"].id),
                     ("WHEN", spans["EVENT"].id, spans["DATE"].id)}
    kept = port.meta["brat"]["lines"]
    assert "N1\tReference T1 Wikidata:Q1\tport" in kept
    assert "#\tAnnotatorNotes T1\tcheck the name" in kept


def test_polnear_layout_label_map_events_dates_and_discontinuous_spans(
    tmp_path: Path, project: Project
) -> None:
    corpus = polnear_folder(tmp_path, {"ab12": polnear_ann()})
    table = tmp_path / "metadata.tsv"
    table.write_text("compartment\tfilename\tpublisher\tpublication_date\n"
                     "dev\tport-story\tharbour-news\t2016-09-12\n"
                     "parc\tother\tnone\t\n")
    report = run_import(project, corpus, label_map=LABEL_MAP, dates=load_dates(table))
    assert (report.documents_added, report.spans, report.relations) == (1, 5, 3)
    assert report.ignored_files == [] and report.skipped == []
    (warning,) = report.warnings
    assert warning.file.endswith("port-story_ab12.ann") and warning.line == 7
    assert "discontinuous" in warning.reason and "2 QUOTE spans" in warning.reason
    (doc,) = project.documents()
    assert doc.date == "2016-09-12" and doc.source == "port-story.txt"
    spans = {s.text: s for s in project.spans(doc.id, "ann")}
    assert {s.label for s in spans.values()} == {"SPEAKER", "QUOTE"}
    said = {(project.span(r.head).text, project.span(r.child).text)
            for r in project.relations(doc.id, "ann")}
    assert said == {("the mayor", "that fees would rise"), ("A clerk", "We are ready,"),
                    ("A clerk", "nobody is leaving.")}
    assert any(line.startswith("E1\t") for line in doc.meta["brat"]["lines"])


def test_pieces_with_only_white_space_between_them_are_one_span(
    tmp_path: Path, project: Project
) -> None:
    a, b = offsets("ships will"), offsets("wait,")
    ann = f"T1\tQUOTE {a[0]} {a[1]};{b[0]} {b[1]}\tships will wait,\n"
    report = run_import(project, standard_folder(tmp_path, ann))
    (warning,) = report.warnings
    assert "imported as one span" in warning.reason
    port = next(d for d in project.documents() if d.source == "port.txt")
    (span,) = project.spans(port.id, "ann")
    assert span.text == "ships will wait,"


def test_repeated_t_lines_become_one_span_with_both_links(
    tmp_path: Path, project: Project
) -> None:
    extra = [t_line("T7", "Source", "The port authority"),
             f"T8\tContent {offsets('that fees')[0]} {offsets('would rise')[1]}\t"
             "that fees would rise",
             "E3\tAttribution:T4 Content:T8 Source:T7"]
    corpus = polnear_folder(tmp_path, {"ab12": polnear_ann(extra)})
    report = run_import(project, corpus, label_map=LABEL_MAP)
    assert [w.line for w in report.warnings] == [7, 10]
    assert "repeats T3" in report.warnings[1].reason
    (doc,) = project.documents()
    quotes = [s for s in project.spans(doc.id, "ann") if s.text == "that fees would rise"]
    assert len(quotes) == 1
    heads = {project.span(r.head).text for r in project.relations(doc.id, "ann")
             if r.child == quotes[0].id}
    assert heads == {"the mayor", "The port authority"}


def test_several_annotators_of_one_text_become_sub_annotators(
    tmp_path: Path, project: Project
) -> None:
    corpus = polnear_folder(tmp_path, {"ab12": polnear_ann(), "cd34": polnear_ann()})
    report = run_import(project, corpus, label_map=LABEL_MAP, annotator="polnear")
    assert (report.documents_added, report.documents_existing) == (1, 1)
    assert project.annotators() == ["polnear.ab12", "polnear.cd34"]
    assert report.warnings[0].reason.startswith("one of 2 annotation files")


@pytest.mark.parametrize(
    ("ann", "line", "reason"),
    [
        (STANDARD_ANN.replace("\tships will wait,", "\tships will sail"), 2, "the .ann says"),
        (STANDARD_ANN + "T9\tQUOTE 12\tbroken\n", 13, "expected 'LABEL START END"),
        (STANDARD_ANN + "T9\tQUOTE 0 9999\tbeyond\n", 13, "outside the text"),
        (STANDARD_ANN + "R9\tSAID Arg1:T1 Arg2:T42\n", 13, "no T line 'T42'"),
        (STANDARD_ANN + t_line("T9", "QUOTE", "will wait") + "\n", 13,
         "spans of one label do not overlap"),
        (STANDARD_ANN + t_line("T9", "Cue", "warned") + "\n", 13, "unknown label 'Cue'"),
        (STANDARD_ANN.replace("A2\tclass T4 REPORTING", "A2\tclass T4 TALKING"), 4,
         "EVENT.class cannot be"),
    ],
)
def test_brat_bad_input_names_file_and_line_and_changes_nothing(
    tmp_path: Path, project: Project, project_path: Path, ann: str, line: int, reason: str
) -> None:
    folder = standard_folder(tmp_path, ann)
    before = dump(project_path)
    with pytest.raises(InputError) as info:
        run_import(project, folder)
    first = info.value.problems[0]
    assert (first.file, first.line) == (str(folder / "port.ann"), line)
    assert reason in first.reason
    assert dump(project_path) == before


def test_brat_skip_invalid_imports_the_rest_and_lists_what_it_skipped(
    tmp_path: Path, project: Project
) -> None:
    overlap = t_line("T9", "QUOTE", "will wait") + "\nR9\tSAID Arg1:T1 Arg2:T9\n"
    report = run_import(project, standard_folder(tmp_path, STANDARD_ANN + overlap),
                        skip_invalid=True)
    assert [p.line for p in report.skipped] == [13, 14]
    assert (report.spans, report.relations) == (4, 2)


def test_an_ann_without_its_text_is_reported(tmp_path: Path, project: Project) -> None:
    (tmp_path / "lost.ann").write_text("T1\tQUOTE 0 4\tlost\n")
    with pytest.raises(InputError) as info:
        run_import(project, tmp_path)
    assert "no text for this .ann" in str(info.value.problems[0])


def test_brat_span_text_with_line_breaks_continues_on_the_next_line(
    tmp_path: Path, project: Project
) -> None:
    start, _ = offsets("that fees")
    _, end = offsets("A clerk added")
    stated = TEXT[start:end]
    assert "\n" in stated
    report = run_import(project, standard_folder(tmp_path, f"T1\tQUOTE {start} {end}\t{stated}\n"))
    assert report.spans == 1


# --- what an import kept goes back out ------------------------------------------------


def test_events_and_labels_mapped_away_are_written_back(tmp_path: Path, project: Project) -> None:
    from annotations.exporting import export
    from annotations.formats import ExportOptions
    from tests.brat_rules import check_ann

    corpus = polnear_folder(tmp_path, {"ab12": polnear_ann()})
    run_import(project, corpus, label_map=LABEL_MAP)
    report = drive(export(project, "brat", tmp_path / "out", ExportOptions(annotator="ann")))
    assert not [w for w in report.warnings if "left out" in w]
    (ann,) = (tmp_path / "out").glob("*.ann")
    assert check_ann(ann) == 7  # 5 spans, and the Cue and Attribution T lines kept
    lines = ann.read_text(encoding="utf-8").splitlines()
    ids = {line.split("\t")[0] for line in lines}
    labels = {line.split("\t")[0]: line.split("\t")[1].split(" ")[0] for line in lines
              if line.startswith("T")}
    events = [line for line in lines if line.startswith("E")]
    assert len(events) == 2
    for event in events:
        args = dict(arg.split(":") for arg in event.split("\t")[1].split(" "))
        assert set(args.values()) <= ids  # every argument names a T line of this file
        assert {role: labels[t] for role, t in args.items()}["Source"] == "SPEAKER"
    assert sorted(labels.values()).count("Cue") == 1
    again = Project.create(tmp_path / "again.db")
    run_import(again, tmp_path / "out", label_map=LABEL_MAP)
    (first,), (second,) = project.documents(), again.documents()
    key = [(s.label, s.start, s.end) for s in project.spans(first.id, "ann")]
    assert [(s.label, s.start, s.end) for s in again.spans(second.id, "ann")] == key
    assert len(again.relations(second.id, "ann")) == len(project.relations(first.id, "ann"))
    again.close()


def test_a_text_with_a_byte_order_mark_keeps_its_offsets(tmp_path: Path,
                                                         project: Project) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "port.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    start, end = offsets("The port authority")  # brat counts the mark as a character
    (folder / "port.ann").write_text(f"T1\tSPEAKER {start + 1} {end + 1}\tThe port authority\n",
                                     encoding="utf-8")
    report = run_import(project, folder)
    assert report.spans == 1 and not report.skipped
    (doc,) = project.documents()
    (span,) = project.spans(doc.id, "ann")
    assert (span.start, span.end, span.text) == (start, end, "The port authority")


_STORABLE = st.characters(exclude_categories=["Cs"])  # a project stores no lone surrogate
_LINES = st.lists(st.one_of(
    st.text(_STORABLE, max_size=30),
    st.sampled_from(["T1\tCue 0 4\tThe ", "T2\tCue 5 400\tx", "T3\tX 3 3\t", "T4\tCue 2 1\t",
                     "E1\tAttribution:T1 Cue:T9", "A1\tx E1", "R\tR Arg1:T1 Arg2:T2", "*\tEq T1 T2",
                     "#\tAnnotatorNotes T1\tnote", "T5\tCue 0 1;2 3\tT h", "Z1\tnothing",
                     "T\tbroken", "E\t"])), max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_LINES, bounds=st.dictionaries(st.text(_STORABLE, max_size=3), st.lists(
    st.one_of(st.integers(-2, 500), st.text(_STORABLE, max_size=3)), max_size=3), max_size=3))
def test_hostile_kept_lines_never_break_the_export_or_brats_rules(
    lines: list[str], bounds: dict[str, Any]
) -> None:
    import tempfile

    from annotations.exporting import export
    from annotations.formats import ExportOptions
    from tests.brat_rules import check_ann

    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(Path(tmp) / "p.db") as project:
            doc, _ = project.add_document(TEXT, meta={"brat": {"lines": lines,
                                                               "bounds": bounds}})
            project.add_span(doc.id, "ann", "SPEAKER", *offsets("The port authority"))
            report = drive(export(project, "brat", Path(tmp) / "out",
                                  ExportOptions(annotator="ann")))
        assert report.documents == 1
        (ann,) = (Path(tmp) / "out").glob("*.ann")
        assert check_ann(ann) >= 1
