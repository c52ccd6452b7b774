"""`ivi anonymise`: pixelate faces and licence plates in pictures, or measure how many it hides."""

from pathlib import Path

import click

from ivi.cli import shapes
from ivi.cli.language import say, text
from ivi.cli.options import json_option, lang_option
from ivi.cli.params import GivenPath, out_folder, window_size
from ivi.core.errors import IviError
from ivi.core.text import Plural, Text


@click.command()
@lang_option
@click.argument("images", nargs=-1, type=GivenPath(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=GivenPath(path_type=Path, file_okay=False), help="Folder for the results.")
@click.option(
    "--measure",
    is_flag=True,
    help="Measure face and plate recall instead: of the live stream on a drive through labelled street frames.",
)
@click.option("--frames", type=click.IntRange(min=1, max=10_000), default=200, show_default=True)
@click.option("--size", default="1280x720", show_default=True, help="Frame size for --measure, WIDTHxHEIGHT.")
@click.option(
    "--photos",
    type=GivenPath(path_type=Path, file_okay=False, exists=True),
    help="With --measure: real photos labelled in COCO format, instead of street frames.",
)
@click.option(
    "--annotations",
    type=GivenPath(path_type=Path, dir_okay=False, exists=True),
    help="The COCO annotations of --photos (default: PHOTOS/annotations.json).",
)
@json_option
def anonymise(
    images: tuple[Path, ...],
    out_dir: Path | None,
    measure: bool,
    frames: int,
    size: str,
    photos: Path | None,
    annotations: Path | None,
    as_json: bool,
) -> None:
    """Pixelate faces and licence plates in IMAGES (PNG or JPEG) into --out, or --measure recall."""
    # OpenCV and NumPy only for this command: the others start without them
    from ivi.bus import recall
    from ivi.bus.anonymise_files import anonymise_files
    from ivi.bus.anonymiser import Anonymiser
    from ivi.bus.photo_recall import contact_sheet, load_photos, measure_photos
    from ivi.bus.plate_reader import PlateReader
    from ivi.bus.stream_anonymiser import AnonymisingStream
    from ivi.cli.recall_report import print_photo_recall, print_recall

    if measure and photos:
        if images:
            raise click.UsageError(text(Text("--measure takes no images")))
        labelled = load_photos(photos, annotations or photos / "annotations.json")
        measured = measure_photos(Anonymiser(), labelled, PlateReader())
        sheet = contact_sheet(measured.misses, out_folder(out_dir) / "misses.png") if out_dir else None
        print_photo_recall(measured, sheet, as_json)
        if not measured.passes:
            raise IviError(
                Text(
                    "below the CAAM test: it asks for nine in ten faces and plates hidden in every folder,"
                    " and none found or read after"
                )
            )
        return
    if measure:
        if images:
            raise click.UsageError(text(Text("--measure takes no images")))
        width, height = window_size(size)
        anonymiser = Anonymiser()
        stream = AnonymisingStream(anonymiser)
        report = recall.measure(stream.next, anonymiser.find_faces, recall.street_drive(frames, width, height))
        print_recall(report, as_json)
        if not report.passes:
            raise IviError(
                Text("below the CAAM test: it asks for nine in ten faces and plates hidden, and no face found after")
            )
        return
    if not images or out_dir is None:
        raise click.UsageError(text(Text("give IMAGES and --out DIR, or --measure")))
    results = anonymise_files(list(images), out_dir)
    if as_json:
        shapes.print_json({"images": [r.as_json() for r in results]})
        return
    for r in results:
        say(
            Text(
                "%(source)s: %(faces)s, %(plates)s -> %(written)s",
                source=str(r.source),
                faces=Plural("%(n)d face", "%(n)d faces", len(r.faces)),
                plates=Plural("%(n)d plate", "%(n)d plates", len(r.plates)),
                written=str(r.written),
            )
        )
