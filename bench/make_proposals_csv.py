#!/usr/bin/env python3
"""Writes a CSV of N villagers' proposals as a secretary's spreadsheet has them: Chinese headers and
text, quoted fields with commas, doubled quotes and line breaks, the six groups of the sample village,
channels and tiers in Chinese, dates of 2026, phones. Deterministic (seeded) for a given N.

    bench/make_proposals_csv.py OUT.csv N [--bom] [--crlf] [--months M]

Dates fall in January to October 2026, or in the first M months with --months M.
"""
import csv
import random
import sys

GROUPS = ["新义组", "东风组", "红旗组", "前进组", "胜利组", "团结组"]
CHANNELS = ["上门走访", "网格员", "微信群", "意见箱", "议事会", "来电", "上级交办"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国永福晓梅占奎秀英志强红梅海燕春生国华玉兰德明桂芳"
THINGS = ["村道", "路灯", "水渠", "垃圾池", "文化广场", "自来水管", "河堤", "公厕", "便民桥", "排水沟"]
PROBLEMS = ["破损严重", "年久失修", "需要加宽", "夜里太暗", "雨天积水", "经常堵塞", "存在安全隐患"]
PLACES = ["村东头", "小学门口", "老槐树下", "二组和三组交界处", "河边", "村委会旁"]


def row(rng, i, months):
    thing = rng.choice(THINGS)
    title = f"{rng.choice(PLACES)}{thing}{rng.choice(PROBLEMS)}"
    parts = [f"{rng.choice(PLACES)}的{thing}{rng.choice(PROBLEMS)}，群众反映多次"]
    if rng.random() < 0.3:
        parts.append(f"建议由村里出面，组织\"一事一议\"，费用约{rng.randint(1, 50) * 1000}元")
    if rng.random() < 0.2:
        parts.append("附：现场照片已发微信群, 请核实")
    description = "\n".join(parts) if rng.random() < 0.5 else "，".join(parts)
    proposer = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    group = rng.choice(GROUPS) if rng.random() < 0.85 else ""
    phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else ""
    date = f"2026-{rng.randint(1, months):02d}-{rng.randint(1, 28):02d}"
    budget = str(rng.randint(1, 200) * 500) if rng.random() < 0.4 else ""
    return [f"X{i:07d}", title, description, proposer, phone, group, rng.choice(CHANNELS), date, budget]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20261126)
    newline = "\r\n" if "--crlf" in sys.argv else "\n"
    months = int(sys.argv[sys.argv.index("--months") + 1]) if "--months" in sys.argv else 10
    with open(out, "w", encoding="utf-8-sig" if "--bom" in sys.argv else "utf-8", newline="") as f:
        w = csv.writer(f, lineterminator=newline)
        w.writerow(["编号", "标题", "内容", "提议人", "联系电话", "村民小组", "来源", "日期", "预算"])
        for i in range(1, n + 1):
            w.writerow(row(rng, i, months))


if __name__ == "__main__":
    main()
