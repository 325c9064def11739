// evcat site search: client-side, over the index that evcat generate wrote (search-index.js). Results are built
// with DOM methods and textContent only, so no catalog text is ever parsed as HTML.
;(function () {
  'use strict'
  var index = window.EVCAT_SEARCH_INDEX || []
  var root = document.documentElement.getAttribute('data-root') || ''
  var input = document.getElementById('search-input')
  var list = document.getElementById('search-results')
  var status = document.getElementById('search-status')
  var section = document.getElementById('search-section')
  if (!input || !list) return

  function score(entry, terms) {
    var name = entry[0].toLowerCase()
    var total = 0
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i]
      if (name === t) total += 100
      else if (name.indexOf(t) === 0) total += 50
      else if (name.indexOf(t) >= 0) total += 30
      else if ((' ' + entry[3].toLowerCase() + ' ').indexOf(' ' + t + ' ') >= 0) total += 20
      else if (entry[3].toLowerCase().indexOf(t) >= 0) total += 10
      else if (entry[2].toLowerCase().indexOf(t) >= 0 || entry[1].toLowerCase().indexOf(t) >= 0) total += 5
      else return 0
    }
    return total
  }

  function render(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean)
    while (list.firstChild) list.removeChild(list.firstChild)
    // The home page shows its results section only while there is a query.
    if (section && section.hasAttribute('data-hide-empty')) section.hidden = terms.length === 0
    if (terms.length === 0) {
      if (status) status.textContent = ''
      return
    }
    var hits = []
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], terms)
      if (s > 0) hits.push([s, i])
    }
    hits.sort(function (a, b) {
      return b[0] - a[0] || a[1] - b[1]
    })
    var shown = hits.slice(0, 50)
    for (var j = 0; j < shown.length; j++) {
      var e = index[shown[j][1]]
      var li = document.createElement('li')
      var a = document.createElement('a')
      a.href = root + e[4]
      a.textContent = e[0]
      var meta = document.createElement('span')
      meta.className = 'result-meta'
      meta.textContent = ' ' + e[1] + ': ' + e[2]
      li.appendChild(a)
      li.appendChild(meta)
      list.appendChild(li)
    }
    if (status)
      status.textContent =
        hits.length === 0
          ? 'No event matches.'
          : hits.length + ' event' + (hits.length === 1 ? '' : 's') + (hits.length > 50 ? ', the first 50 shown.' : '.')
  }

  input.addEventListener('input', function () {
    render(input.value)
  })
  var q = new URLSearchParams(window.location.search).get('q')
  if (q) input.value = q
  if (input.value) render(input.value)
})()
