// "Log in with a passkey" that finds none, or is cancelled, says so: allauth reports the
// failed WebAuthn call as an `allauth.error` event and would otherwise only log it.
(function () {
  document.addEventListener('allauth.error', function (event) {
    const tags = (event.detail && event.detail.tags) || []
    const box = document.getElementById('passkey_error')
    if (!box || tags.indexOf('webauthn') === -1) {
      return
    }
    event.preventDefault()
    box.textContent = box.dataset.message
    box.hidden = false
  })
})()
