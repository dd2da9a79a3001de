"""The second opinion's rows of layout tables that our body does not hold are furniture."""

from __future__ import annotations

from newsflow.services.parser.html import generic, second_opinion

OURS = [
    "Der Gemeinderat hat am Dienstag beschlossen, die Hafenmauer neu zu bauen, die im letzten Winter "
    "zweimal von Stürmen beschädigt wurde.",
    "El consejo votó el martes reconstruir el muro del puerto, que las tormentas dañaron dos veces.",
]


def test_table_cells_reads_trafilaturas_rows_only() -> None:
    assert second_opinion.table_cells("| a | | b |") == ["a", "", "b"]
    assert second_opinion.table_cells("|---|---|") == ["---", "---"]
    assert second_opinion.table_cells("A line | with a bar in it") is None
    assert second_opinion.table_cells("|") is None


def test_a_layout_tables_rows_ours_left_out_are_dropped() -> None:
    theirs = [
        "| | " + OURS[0] + " | |",  # the article's own box of the layout: ours holds it
        "| Weitere Artikel zum Thema |",
        "| | | Artículos relacionados: el puerto en cifras | | |",
        "| | |",
        OURS[1],
        "Tin liên quan | một dòng có dấu gạch",  # not a row
    ]
    assert generic.without_unfound_layout_rows(theirs, OURS) == [theirs[0], OURS[1], theirs[5]]


def test_a_data_tables_rows_stay_even_a_heading_row_of_one_cell() -> None:
    theirs = [
        OURS[0],
        "| Technische Daten | |",
        "|---|---|",
        "| Leistung | 150 kW |",
        "| Länge | 4,50 m |",
    ]
    assert generic.without_unfound_layout_rows(theirs, OURS) == theirs


def test_layout_rows_stay_when_ours_is_empty_of_them_and_nothing_is_a_table() -> None:
    theirs = ["Une phrase de l'article, sans tableau.", "Encore une phrase."]
    assert generic.without_unfound_layout_rows(theirs, []) == theirs
