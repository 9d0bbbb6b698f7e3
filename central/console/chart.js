// Bar charts as inline SVG, drawn by the console itself (no chart library). Every label goes in as a text node.
"use strict";

window.LoungeChart = (function () {
    const NS = "http://www.w3.org/2000/svg";

    function node(tag, attrs, text) {
        const n = document.createElementNS(NS, tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            n.setAttribute(k, String(v));
        }
        if (text !== undefined) {
            n.textContent = String(text);
        }
        return n;
    }

    /// bars: [{label, value}] (value >= 0). Returns an <svg> element with an accessible title.
    function bars(items, options) {
        const opts = Object.assign({ width: 760, height: 240, title: "", labelEvery: 1 }, options || {});
        const left = 40, right = 10, top = opts.title ? 28 : 10, bottom = 34;
        const w = opts.width, h = opts.height;
        const plotW = w - left - right, plotH = h - top - bottom;
        const max = Math.max(1, ...items.map((i) => i.value));
        // A round axis top: 1, 2, 5 × 10^n.
        const mag = Math.pow(10, Math.floor(Math.log10(max)));
        const top10 = [1, 2, 5, 10].map((m) => m * mag).find((v) => v >= max);
        const svg = node("svg", { class: "chart", width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img" });
        svg.appendChild(node("title", {}, opts.title || "chart"));
        if (opts.title) {
            svg.appendChild(node("text", { class: "title", x: left, y: 18 }, opts.title));
        }
        svg.appendChild(node("line", { class: "axis", x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH }));
        svg.appendChild(node("line", { class: "axis", x1: left, y1: top, x2: left, y2: top + plotH }));
        for (const f of [0, 0.5, 1]) {
            if (!Number.isInteger(f * top10)) {
                continue; // counts are whole numbers: no "0.5" tick
            }
            const y = top + plotH - f * plotH;
            svg.appendChild(node("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, f * top10));
        }
        const slot = plotW / Math.max(1, items.length);
        const barW = Math.max(1, slot * 0.75);
        items.forEach((item, i) => {
            const bh = (item.value / top10) * plotH;
            const x = left + i * slot + (slot - barW) / 2;
            const bar = node("rect", { class: "bar", x: x.toFixed(1), y: (top + plotH - bh).toFixed(1),
                                       width: barW.toFixed(1), height: bh.toFixed(1) });
            bar.appendChild(node("title", {}, `${item.label}: ${item.value}`));
            svg.appendChild(bar);
            if (i % opts.labelEvery === 0) {
                svg.appendChild(node("text", { x: (x + barW / 2).toFixed(1), y: top + plotH + 14,
                                               "text-anchor": "middle" }, item.label));
            }
        });
        svg.dataset.total = String(items.reduce((s, i) => s + i.value, 0));
        return svg;
    }

    return { bars };
})();
