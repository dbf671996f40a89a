"""Python: the cost of unalloc.evaluate() with the shared default calendar,
with a calendar given, with the policy given by id, and of building a
calendar (which evaluate() used to do on every call without one).

    PYTHONPATH=build/bindings/python /usr/bin/python3 bench/python-evaluate.py

SPDX-License-Identifier: MIT
"""
import timeit

import unalloc

case = unalloc.Case("C1").add("opened", "2024-05-23T10:00", "cin")
pol = unalloc.Policy.builtin("nelc-2022")
cal = unalloc.Calendar()
N = 2000


def best(fn, number=N):
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


print(f"evaluate(), default calendar: {best(lambda: unalloc.evaluate(case, pol, '2024-06-14')):.0f} us")
print(f"evaluate(), calendar given:   {best(lambda: unalloc.evaluate(case, pol, '2024-06-14', cal)):.0f} us")
print(f"evaluate(), policy by id:     {best(lambda: unalloc.evaluate(case, 'nelc-2022', '2024-06-14')):.0f} us")
print(f"Calendar():                   {best(unalloc.Calendar, 200):.0f} us")
