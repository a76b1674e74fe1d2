// Live updates for the inspector: every second, fetch the page again, add the new request rows
// to the top of the log (announcing them to screen readers), and replace the state and faults
// when they changed. Without this script the page is complete; reload it to see more.
"use strict";
(function () {
  var rows = document.getElementById("log-rows");
  var status = document.getElementById("log-status");
  if (!rows || !window.fetch || !window.DOMParser) return;
  function lastSeq() {
    var first = rows.querySelector("tr[data-seq]");
    return first ? Number(first.getAttribute("data-seq")) : 0;
  }
  function swap(id, page) {
    var now = document.getElementById(id), next = page.getElementById(id);
    if (now && next && now.innerHTML !== next.innerHTML) now.innerHTML = next.innerHTML;
  }
  function update(page) {
    var newest = lastSeq();
    var fresh = Array.prototype.filter.call(page.querySelectorAll("#log-rows tr[data-seq]"), function (tr) {
      return Number(tr.getAttribute("data-seq")) > newest;
    });
    var pageTop = page.querySelector("#log-rows tr[data-seq]");
    if ((pageTop ? Number(pageTop.getAttribute("data-seq")) : 0) < newest) {
      rows.innerHTML = page.getElementById("log-rows").innerHTML; // the fake was reset
    } else if (fresh.length) {
      var empty = rows.querySelector("tr.empty");
      if (empty) empty.remove();
      for (var i = fresh.length - 1; i >= 0; i--) rows.insertBefore(document.importNode(fresh[i], true), rows.firstChild);
      while (rows.rows.length > 200) rows.deleteRow(rows.rows.length - 1);
      var top = fresh[0].cells;
      status.textContent = fresh.length + (fresh.length === 1 ? " new request" : " new requests") + "; latest " +
        top[3].textContent + " " + top[4].textContent + ", status " + top[5].textContent;
    }
    swap("state-body", page);
    swap("faults-body", page);
  }
  function poll() {
    if (document.hidden) return;
    fetch("/_fake/", {cache: "no-store"}).then(function (resp) { return resp.text(); }).then(function (text) {
      update(new DOMParser().parseFromString(text, "text/html"));
    }).catch(function () {});
  }
  setInterval(poll, 1000);
})();
