"""Agreement measures and their report: the study read from a project
(loading.py, study.py), coefficients, unitizing alpha, span matching, the full
report (agreement.py), suggestion use, disagreements for adjudication, and
the charts and HTML (report.py)."""


from annotations.measures.agreement import (
    AttributeCodes,
    agreement,
    attribute_agreement,
    attribute_codes,
    jsonable,
    label_confusion,
    measure,
    rank_documents,
    relation_agreement,
    to_json,
)
from annotations.measures.coefficients import (
    binary_cohen_kappa,
    binary_fleiss_kappa,
    binary_krippendorff_alpha,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_of_histogram,
    krippendorff_alpha_nominal,
    krippendorff_alpha_of_histogram,
    ones_histogram,
)
from annotations.measures.disagreements import (
    Disagreement,
    find_disagreements,
    shared_spans,
    span_key,
)
from annotations.measures.loading import (
    check_choice,
    load_study,
    read_span_columns,
)
from annotations.measures.matching import (
    Overlaps,
    exact_matches,
    f1,
    overlap_matches,
    overlapping_pairs,
    row_codes,
    token_coverage,
)
from annotations.measures.study import (
    NAN,
    NONE_LABEL,
    SPAN_READ_BATCH,
    USE_ORIGINS,
    Bools,
    DocumentInfo,
    Ints,
    NoDocumentsError,
    SpanColumns,
    SpanTable,
    Study,
    empty_table,
    pair_key,
    span_tables,
)
from annotations.measures.suggestion_use import (
    suggestion_use,
)
from annotations.measures.unitizing import (
    UnitizingResult,
    alpha_u,
)

__all__ = [
    "NAN",
    "NONE_LABEL",
    "SPAN_READ_BATCH",
    "USE_ORIGINS",
    "AttributeCodes",
    "Bools",
    "Disagreement",
    "DocumentInfo",
    "Ints",
    "NoDocumentsError",
    "Overlaps",
    "SpanColumns",
    "SpanTable",
    "Study",
    "UnitizingResult",
    "agreement",
    "alpha_u",
    "attribute_agreement",
    "attribute_codes",
    "binary_cohen_kappa",
    "binary_fleiss_kappa",
    "binary_krippendorff_alpha",
    "check_choice",
    "cohen_kappa",
    "empty_table",
    "exact_matches",
    "f1",
    "find_disagreements",
    "fleiss_kappa",
    "fleiss_kappa_of_histogram",
    "jsonable",
    "krippendorff_alpha_nominal",
    "krippendorff_alpha_of_histogram",
    "label_confusion",
    "load_study",
    "measure",
    "ones_histogram",
    "overlap_matches",
    "overlapping_pairs",
    "pair_key",
    "rank_documents",
    "read_span_columns",
    "relation_agreement",
    "row_codes",
    "shared_spans",
    "span_key",
    "span_tables",
    "suggestion_use",
    "to_json",
    "token_coverage",
]
