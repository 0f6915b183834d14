#!/usr/bin/python3
"""Trains and exports SimLab's ONNX fixtures (packages/compute/src/onnx/fixtures/{cnn,resnet}.onnx).

Each network of onnx_fixtures.py is trained briefly on the first 6,000 digits of the bundled MNIST (so its
features, and the batch-norm running statistics of the ResNet, are not those of a random initialisation), then
exported in inference mode the way a user would (docs/onnx.md):

    torch.onnx.export(model.eval(), example, path, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, opset_version=13)

The ResNet is exported with training=TrainingMode.PRESERVE: in EVAL mode the exporter folds every batch norm
into the convolution before it, and the fixture exists to test BatchNormalization.

Run: /usr/bin/python3 packages/compute/scripts/make-onnx-fixtures.py (torch 1.13, CPU, ~1 minute).
Deterministic for one torch version and thread count (torch.manual_seed(0), one thread).
"""
import torch
from torch import nn

from onnx_fixtures import FIXTURES, MODELS, load_mnist

OPSET = 13
EPOCHS = 2
BATCH = 64


def train(model, x, y):
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for epoch in range(EPOCHS):
        order = torch.randperm(len(x))
        for start in range(0, len(x), BATCH):
            idx = order[start : start + BATCH]
            optimiser.zero_grad()
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            optimiser.step()
    return model.eval()


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    x, y = load_mnist(7000)
    train_x, train_y, test_x, test_y = x[:6000], y[:6000], x[6000:], y[6000:]
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, cls in MODELS.items():
        model = train(cls(), train_x, train_y)
        with torch.no_grad():
            accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
        path = FIXTURES / f"{name}.onnx"
        mode = torch.onnx.TrainingMode.PRESERVE if name == "resnet" else torch.onnx.TrainingMode.EVAL
        torch.onnx.export(
            model,
            x[:2],
            str(path),
            input_names=["input"],
            output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=OPSET,
            training=mode,
            do_constant_folding=True,
        )
        params = sum(p.numel() for p in model.parameters())
        print(f"{path}: {params} parameters, held-out accuracy {accuracy:.3f}, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
