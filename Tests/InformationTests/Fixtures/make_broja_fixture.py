"""Writes broja_cvxpy.json: BROJA decompositions (Bertschinger et al., 2014) of small random
distributions, solved independently of the Swift solver as an exponential-cone program with
CVXPY 1.9 and the Clarabel interior-point solver: minimise Σ Q log(Q / Q(x1, x2)) (i.e.
−H_Q(Y | X1, X2)) over Q ≥ 0 with P's (x1, y) and (x2, y) marginals. The atoms are then
computed with NumPy. (scipy.optimize's SLSQP was tried first and stalls above the optimum on
these boundary solutions — one case even gave a negative redundancy — so it is not used.)

Run from this directory: python3 make_broja_fixture.py  (numpy 2.4, cvxpy 1.9.3, clarabel 0.11)."""
import json
import numpy as np
import cvxpy as cp


def h(p):
    p = p[p > 1e-15]
    return float(-(p * np.log2(p)).sum())


def mi12(q):
    return h(q.sum((0, 1))) + h(q.sum(2).ravel()) - h(q.ravel())


def cond(q, given):  # I(X_other; Y | X_given)
    other = 1 - given
    return h(q.sum(2).ravel()) + h(q.sum(other).ravel()) - h(q.ravel()) - h(q.sum((other, 2)))


def broja(p):
    n1, n2, ny = p.shape
    q = [[cp.Variable(ny, nonneg=True) for _ in range(n2)] for _ in range(n1)]
    constraints = []
    for a in range(n1):
        constraints.append(sum(q[a][b] for b in range(n2)) == p[a].sum(0))
    for b in range(n2):
        constraints.append(sum(q[a][b] for a in range(n1)) == p[:, b].sum(0))
    objective = sum(cp.sum(cp.rel_entr(q[a][b], cp.sum(q[a][b]) * np.ones(ny)))
                    for a in range(n1) for b in range(n2))
    problem = cp.Problem(cp.Minimize(objective), constraints)
    problem.solve(solver=cp.CLARABEL)
    assert problem.status == "optimal", problem.status
    qs = np.maximum(np.array([[q[a][b].value for b in range(n2)] for a in range(n1)]), 0)
    u1, u2 = cond(qs, 1), cond(qs, 0)
    i1 = h(p.sum((1, 2))) + h(p.sum((0, 1))) - h(p.sum(1).ravel())
    return dict(redundancy=i1 - u1, unique_0=u1, unique_1=u2, synergy=mi12(p) - mi12(qs), mutual_information=mi12(p))


rng = np.random.default_rng(20261130)
cases = []
for shape in [(2, 2, 2), (2, 3, 2), (3, 3, 2), (3, 2, 3), (3, 3, 3), (4, 3, 2), (4, 4, 3), (5, 3, 4)]:
    w = rng.dirichlet(np.full(np.prod(shape), 0.7)).reshape(shape)
    w[w < 0.01] = 0  # some structural zeros
    w /= w.sum()
    cases.append(dict(shape=list(shape), probabilities=w.ravel().tolist(), **broja(w)))
with open("broja_cvxpy.json", "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
