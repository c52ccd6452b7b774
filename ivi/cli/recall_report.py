"""What `ivi anonymise --measure` prints: recall on the simulator's labelled street frames, or
on real photographs labelled in COCO format (per category and per folder)."""

import json
from pathlib import Path

import click

from ivi.bus import recall
from ivi.bus.photo_recall import CATEGORIES, PhotoReport
from ivi.bus.stream_anonymiser import FULL_EVERY
from ivi.cli.language import say
from ivi.core.text import Text


def print_recall(report: recall.RecallReport, as_json: bool) -> None:
    data = {
        "frames": report.frames,
        "size": f"{report.width}x{report.height}",
        "faces": report.faces,
        "faces_hidden": report.faces_hidden,
        "face_recall": round(report.face_recall, 4),
        "plates": report.plates,
        "plates_hidden": report.plates_hidden,
        "plate_recall": round(report.plate_recall, 4),
        "faces_found_after": report.faces_found_after,
        "false_alarms_after": report.false_alarms_after,
        "frames_per_second": round(report.frames / report.seconds, 1),
    }
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    say(
        Text(
            "%(frames)d labelled frames of a drive at %(size)s, anonymised as the live picture is"
            " (every detector every %(every)d frames)",
            frames=data["frames"],
            size=data["size"],
            every=FULL_EVERY,
        )
    )
    say(
        Text(
            "  face recall   %(recall)7s  (%(hidden)d of %(all)d hidden)",
            recall=f"{report.face_recall:.1%}",
            hidden=report.faces_hidden,
            all=report.faces,
        )
    )
    say(
        Text(
            "  plate recall  %(recall)7s  (%(hidden)d of %(all)d hidden)",
            recall=f"{report.plate_recall:.1%}",
            hidden=report.plates_hidden,
            all=report.plates,
        )
    )
    say(Text("  hidden faces the detector still finds after anonymising: %(count)d", count=report.faces_found_after))
    say(Text("  detections where no face was put, after: %(count)d", count=report.false_alarms_after))
    say(Text("  %(fps)s frames a second", fps=data["frames_per_second"]))


def print_photo_recall(report: PhotoReport, sheet: Path | None, as_json: bool) -> None:
    kinds = list(CATEGORIES.values())
    rows = {
        kind: {
            "labelled": report.counts(kind)[0],
            "hidden": report.counts(kind)[1],
            "recall": round(report.recall(kind), 4),
            "false_alarms": report.false_alarms[kind],
            "detections": report.detections[kind],
            "partly_pixelated_misses": report.partly[kind],
            **({"readable": dict(report.readable)} if kind == "plates" and report.read else {}),
            "found_after": report.found_after[kind],
            "folders": {
                folder: {
                    "labelled": report.counts(kind, folder)[0],
                    "hidden": report.counts(kind, folder)[1],
                    "recall": round(report.recall(kind, folder), 4),
                }
                for folder in report.folders
                if report.labelled[(folder, kind)]
            },
        }
        for kind in kinds
    }
    if as_json:
        data = {
            "photos": report.photos,
            **rows,
            "face_heights": {
                size: {"labelled": n, "hidden": h, "recall": round(r, 4)} for size, n, h, r in report.face_heights()
            },
            "misses": len(report.misses),
            "contact_sheet": str(sheet) if sheet else None,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for line in report.lines(sheet):
        say(line)
