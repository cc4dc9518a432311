"""The seed notes' sections, in order, with their titles in both languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    title_zh: str
    title_en: str


SECTIONS: tuple[Section, ...] = (
    Section("3.1", "几种损失函数", "Loss functions"),
    Section("3.2", "激活函数性质", "Properties of activation functions"),
    Section("3.3", "哪几种激活函数会发生梯度消失", "Which activations suffer from vanishing gradients"),
    Section("3.4", "为什么会梯度消失", "Why gradients vanish"),
    Section("3.5", "如何解决梯度消失和过拟合", "Remedies for vanishing gradients and overfitting"),
    Section("3.6", "梯度下降的区别", "GD vs SGD vs mini-batch"),
    Section("3.7", "DNN：反向传播算法过程与训练步骤", "DNN: backpropagation and training steps"),
    Section("3.8", "CNN：组成与对比 DNN", "CNN: composition and comparison with DNN"),
    Section("3.9", "GNN：GNN 与 GCN、图池化", "GNN: basic GNN vs GCN, graph pooling"),
    Section("3.10", "RNN：BPTT、LSTM 与 GRU", "RNN: BPTT, LSTM and GRU"),
    Section("补充", "补充：反向传播误差项推导", "Supplement: deriving the backprop error term"),
)

SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)
_BY_ID = {s.id: s for s in SECTIONS}
# Names a student may type for the supplement on a keyboard without Chinese input.
_ALIASES = {"supp": "补充", "supplement": "补充", "s": "补充"}


def section_by_id(section_id: str) -> Section:
    return _BY_ID[section_id]


def normalize_section(text: str) -> str | None:
    """The canonical section id for what a user typed (``3.10``, ``supp``), or None."""
    cleaned = text.strip()
    if cleaned in _BY_ID:
        return cleaned
    return _ALIASES.get(cleaned.lower())


def section_order(section_id: str) -> int:
    return SECTION_IDS.index(section_id) if section_id in _BY_ID else len(SECTION_IDS)
