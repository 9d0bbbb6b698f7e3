#!/usr/bin/env python3
"""Generates the kiosk's verdict sounds (checked in; re-run after changing a tone).

accept:    two rising tones (clear, friendly)
attention: two equal mid tones (a question)
reject:    three low buzzes (unmistakable, not shrill)
16-bit mono 22.05 kHz WAV, each well under 50 kB. Standard library only.
"""
import math
import os
import struct
import wave

RATE = 22050


def tone(freq, ms, volume=0.6, harmonics=(1.0,), fade_ms=12):
    n = int(RATE * ms / 1000)
    fade = int(RATE * fade_ms / 1000)
    out = []
    for i in range(n):
        t = i / RATE
        v = sum(a * math.sin(2 * math.pi * freq * (k + 1) * t) for k, a in enumerate(harmonics))
        v /= sum(harmonics)
        env = min(1.0, i / fade, (n - i) / fade) if fade else 1.0
        out.append(v * volume * env)
    return out


def silence(ms):
    return [0.0] * int(RATE * ms / 1000)


def write(name, samples):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 32767)) for s in samples))
    print(path, os.path.getsize(path), "bytes")


write("accept.wav", tone(880, 110) + silence(30) + tone(1318.5, 180))
write("attention.wav", tone(660, 160, harmonics=(1.0, 0.3)) + silence(90) + tone(660, 160, harmonics=(1.0, 0.3)))
buzz = tone(196, 150, volume=0.7, harmonics=(1.0, 0.5, 0.33, 0.25))
write("reject.wav", buzz + silence(60) + buzz + silence(60) + buzz)
