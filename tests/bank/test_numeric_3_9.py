"""3.9: every numeric answer recomputed.

Convention (as in the bank): in the GCN coefficient 1/sqrt(|N(u)||N(v)|) the degrees are those of
A~ = A + I, i.e. they count the self-loop, matching D~^{-1/2} A~ D~^{-1/2}.
"""
import math


def degrees_with_self_loops(edges, nodes):
    deg = {n: 1 for n in nodes}  # the self-loop
    for a, b in edges:
        deg[a] += 1
        deg[b] += 1
    return deg


def gcn_coef(deg_u, deg_v):
    return 1 / math.sqrt(deg_u * deg_v)


def gcn_update(node, features, edges, w=1.0):
    """One GCN layer for scalar features, identity activation."""
    nodes = list(features)
    deg = degrees_with_self_loops(edges, nodes)
    neigh = {n: {n} for n in nodes}
    for a, b in edges:
        neigh[a].add(b)
        neigh[b].add(a)
    return w * sum(features[u] * gcn_coef(deg[u], deg[node]) for u in neigh[node])


def basic_gnn_update(neighbours, self_state, w, b):
    mean = sum(neighbours) / len(neighbours)
    return max(0.0, w * mean + b * self_state)  # ReLU


def topk(n, ratio):
    return math.ceil(ratio * n)


def khop_count(n_nodes, node, k):
    """Nodes of the path 1..n within k hops of `node` (itself included)."""
    return sum(1 for i in range(1, n_nodes + 1) if abs(i - node) <= k)


def star_degrees(nv, nu):
    """Degrees with self-loops of v (nv neighbours, u among them) and u (nu neighbours, v among them)."""
    others = [("v", f"x{i}") for i in range(nv - 1)] + [("u", f"y{i}") for i in range(nu - 1)]
    nodes = ["v", "u"] + [b for _, b in others]
    return degrees_with_self_loops([("v", "u")] + others, nodes)


def test_numeric_answers_3_9(assert_numeric_answers):
    assert_numeric_answers("3.9", {
        "gnn-coef-deg-3-5": lambda du, dv: gcn_coef(du, dv),
        "gnn-coef-from-raw-degrees": lambda nv, nu: gcn_coef(star_degrees(nv, nu)["u"], star_degrees(nv, nu)["v"]),
        "gnn-coef-self": lambda nv: gcn_coef(star_degrees(nv, 1)["v"], star_degrees(nv, 1)["v"]),
        "gnn-basic-scalar-update": lambda w, bb, x1, x2, x3, hs: basic_gnn_update([x1, x2, x3], hs, w=w, b=bb),
        "gnn-gcn-path-update": lambda ha, hb, hc: gcn_update("b", {"a": ha, "b": hb, "c": hc}, [("a", "b"), ("b", "c")]),
        "gnn-params-basic-layer": lambda din, dout: 2 * dout * din,
        "gnn-params-gcn-layer": lambda din, dout: dout * din,
        "gnn-topk-k": lambda n, r: topk(n, r),
        "gnn-topk-two-rounds": topk(topk(25, 0.5), 0.5),
        "gnn-khop-path": khop_count(10, 5, 3),
        "gnn-num-topk-gated-feature": topk_pool([(1, 2), (3, 0), (0, 1)], p=(3, 4), k=2)[1][0],
        "gnn-num-gat-softmax": lambda e1, e2, e3: softmax([e1, e2, e3])[1],
        # computation tree of one target: 1 + S1 + S1*S2 nodes, repeats counted
        "gnn-num-sage-sampling": lambda s1, s2: sum(math.prod([s1, s2][:level]) for level in range(3)),
    })


def topk_pool(rows, *, p, k):
    """gPool: y = Xp/||p||, keep the k best rows (in score order), gate each by tanh of its score."""
    norm = math.hypot(*p)
    scores = [sum(x * w for x, w in zip(row, p)) / norm for row in rows]
    keep = sorted(range(len(rows)), key=lambda i: -scores[i])[:k]
    return {i: [x * math.tanh(scores[i]) for x in rows[i]] for i in keep}


def softmax(scores):
    exps = [math.exp(e) for e in scores]
    return [e / sum(exps) for e in exps]


def test_figures_quoted_in_explanations_3_9():
    assert math.isclose(gcn_coef(4, 6), 1 / math.sqrt(24))  # "adding 1 again" slip
    assert round(1 / math.sqrt(3), 3) == 0.577  # forgetting self-loops
    assert (1 + 3 + 5 + 4) / 4 == 3.25
    assert topk(topk(3, 0.8), 0.8) == 3 and math.ceil(3 * 0.8 * 0.8) == 2
    assert all(topk(topk(n, 0.5), 0.5) == math.ceil(n / 4) for n in range(1, 200))
    assert (math.floor(25 * 0.5), math.floor(12 * 0.5)) == (12, 6)
    # khop explanation: without a self term, 3 layers on the path reach node 5 only by walks of length exactly 3.
    reach = {5}
    for _ in range(3):
        reach = {j for i in reach for j in (i - 1, i + 1) if 1 <= j <= 10}
    assert reach == {2, 4, 6, 8}
    # top-k: scores (2.2, 1.8, 0.8) keep nodes 0 and 1 (0-based); no gate gives 3, a sigmoid gate 3 sigma(1.8)
    assert set(topk_pool([(1, 2), (3, 0), (0, 1)], p=(3, 4), k=2)) == {0, 1}
    assert round(3 / (1 + math.exp(-1.8)), 2) == 2.57
    assert round(math.exp(2) / (math.exp(2) + 1), 3) == 0.881  # GAT without the self term
    # sum tells {2,2,4,4} from {2,4}; mean and max do not
    a, b = [2, 2, 4, 4], [2, 4]
    assert sum(a) != sum(b) and sum(a) / len(a) == sum(b) / len(b) and max(a) == max(b)
