"""Agreement measures and their report: the study read from a project
(loading.py, study.py), coefficients, unitizing alpha, span matching, the full
report (agreement.py), suggestion use, disagreements for adjudication, and
the charts and HTML (report.py)."""
