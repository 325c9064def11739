// Small statistics and formatting helpers.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The p-th percentile (0–100) by nearest rank: the smallest value with at least p% of them at or below it. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.max(0, Math.ceil((s.length * p) / 100) - 1)]
}

/** Events per second, formatted: 1.23 M/s, 456 k/s. */
export function fmtRate(eps) {
  if (!Number.isFinite(eps)) return 'n/a'
  if (eps >= 1e6) return `${(eps / 1e6).toFixed(2)} M ev/s`
  if (eps >= 1e3) return `${(eps / 1e3).toFixed(eps >= 1e5 ? 0 : 1)} k ev/s`
  return `${eps.toFixed(0)} ev/s`
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`
}

export function fmtMB(kb) {
  return `${(kb / 1024).toFixed(0)} MB`
}

export function fmtX(x, digits = 2) {
  return Number.isFinite(x) ? `${x.toFixed(digits)}×` : 'n/a'
}
