"""Personal numbers as people write them, for the privacy tests: phone and ID numbers in full-width digits,
with +86/86/0086 or letters glued before, separators, landlines with area codes, ID numbers in groups, 15-digit
old IDs. generate() gives (digits, as written); digits_only() takes a text down to its digits."""
import random
import re


FULL = "０１２３４５６７８９"


class PersonalNumbers:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def _write(self, digits, groups):
        sep = self.rng.choice([" ", "\u3000", "-", ".", "·", "－", "\u00a0"])
        wide = self.rng.random() < 0.25
        out, at = [], 0
        for g in groups:
            part = digits[at:at + g]
            at += g
            out.append("".join(FULL[int(c)] if wide and c.isdigit() else c for c in part))
        return sep.join(out)

    def generate(self):
        kind = self.rng.randrange(5)
        if kind == 0:
            d = "1" + str(self.rng.randint(3, 9)) + "".join(str(self.rng.randrange(10)) for _ in range(9))
            text = self._write(d, self.rng.choice([[11], [3, 4, 4], [3, 8]]))
            return d, self.rng.choice(["", "+86 ", "86", "0086 ", "TEL", "电话:"]) + text
        if kind == 1:
            d = str(self.rng.randint(1, 8)) + "".join(str(self.rng.randrange(10)) for _ in range(16))
            d += self.rng.choice("0123456789X")
            return d[:17], self._write(d, self.rng.choice([[18], [6, 8, 4]]))
        if kind == 2:
            d = str(self.rng.randint(1, 8)) + "".join(str(self.rng.randrange(10)) for _ in range(14))
            return d, self._write(d, [15])
        if kind == 3:
            area = "029" if self.rng.random() < 0.5 else "0917"
            digits = 7 if area == "029" else 6
            local = str(self.rng.randint(2, 9)) + "".join(str(self.rng.randrange(10)) for _ in range(digits))
            d = area + local
            forms = [f"({area}){local}", f"（{area}）{local}", self._write(d, [len(area), len(local)]), d]
            return d, self.rng.choice(forms)
        d = str(self.rng.randint(2, 9)) + "".join(str(self.rng.randrange(10)) for _ in range(7))
        return d, "电话 " + self._write(d, [8])

    def digits_only(self, text):
        text = "".join(str(FULL.index(c)) if c in FULL else c for c in text)
        return re.sub(r"[^0-9X]", "", text)
