"""Is a plate still readable after anonymising? A check that does not trust the detectors: the
Chinese plate reader the `hyperlpr2` wheel ships (a corner-refining net, then a CTC character
net; Caffe, MIT) reads each labelled plate in the photo and again in the anonymised photo.

A plate counts as readable when the reader gives six characters or more with a confidence of
READABLE; as still readable after when it reads READ_AGAIN of those same characters, in order,
in the anonymised photo. For measuring and checking only (`ivi anonymise --measure`, the
capture check of `ivi.net.traffic`): the anonymiser never asks it.
"""

import difflib

import numpy as np

from ivi.bus.boxes import Box

READABLE = 0.75  # the reader's own confidence, 0..1
MIN_CHARACTERS = 6  # of a plate's seven or eight
READ_AGAIN = 5  # characters read before that are read again after, in order
PADDING = 1.3  # the crop around a plate, of its height: the reader's own 1.7 reaches text printed near it


class PlateReader:
    def __init__(self) -> None:
        from hyperlpr2 import PR  # loads its nets at import; only `--measure --photos` asks for it

        self._reader = PR

    def read(self, bgr: np.ndarray, box: Box) -> tuple[str, float]:
        crop = self._reader.loose_crop(bgr, [box.x, box.y, box.x + box.w, box.y + box.h], 120 / 48, PADDING)
        if min(crop.shape[:2]) < 8:
            return "", 0.0
        text, confidence = self._reader.segmentation_free_recognition(self._reader.finetune(crop))
        return text, float(confidence)

    def readable(self, bgr: np.ndarray, box: Box) -> bool:
        text, confidence = self.read(bgr, box)
        return len(text) >= MIN_CHARACTERS and confidence >= READABLE

    def readable_before_and_after(self, before: np.ndarray, after: np.ndarray, box: Box) -> tuple[bool, bool]:
        text, confidence = self.read(before, box)
        if len(text) < MIN_CHARACTERS or confidence < READABLE:
            return False, False
        again, _confidence = self.read(after, box)
        same = sum(block.size for block in difflib.SequenceMatcher(None, text, again).get_matching_blocks())
        return True, same >= READ_AGAIN
