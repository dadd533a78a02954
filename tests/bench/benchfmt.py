"""Number formatting shared by the bench reports (report.py, scale-report.py)."""


def fmt_num(x):
    """Three significant figures or so, without exponents."""
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"
