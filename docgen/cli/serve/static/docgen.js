// docgen serve: the pages work without this. With it: GOV.UK Frontend's components, and the build
// page's progress bar moving as letters are made (polling the build's small JSON page).
import { initAll } from './govuk-frontend-6.6.0/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

const box = document.getElementById('job')
if (box && box.dataset.state === 'running') {
  const bar = document.getElementById('progress')
  const status = document.getElementById('status')
  for (const el of document.querySelectorAll('.docgen-no-js, #refresh')) el.style.display = 'none'
  let lastTenth = -1
  const poll = async () => {
    let job
    try {
      const response = await fetch(box.dataset.job, { credentials: 'same-origin', cache: 'no-store' })
      job = await response.json()
    } catch (error) {
      setTimeout(poll, 1000)
      return
    }
    bar.value = job.percent
    bar.textContent = `${job.percent}%`
    if (job.state !== 'running') {
      window.location.reload()
      return
    }
    const tenth = Math.floor(job.percent / 10)
    if (job.total && tenth !== lastTenth) { // told in steps of a tenth, not at every letter
      status.textContent = `${job.done} of ${job.total} letters made.`
      lastTenth = tenth
    }
    setTimeout(poll, 400)
  }
  poll()
}
