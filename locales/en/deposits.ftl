# Wallet top-ups (QRIS deposits).

menu-topup = ➕ Top up wallet
topup-choose = How much would you like to add to your wallet? Choose an amount or tap <b>Other amount</b> (from { $min } to { $max }).
topup-other = ✏️ Other amount
topup-ask-amount = Type the amount to add, e.g. <i>50000</i> or <i>50k</i> (from { $min } to { $max }).
topup-not-understood = I could not read that amount. Type a number such as <i>50000</i>, or /cancel.
topup-out-of-range = The amount must be from <b>{ $min }</b> to <b>{ $max }</b>. Please type another amount.
topup-unavailable = Top-ups are not available right now. Please try again later.
topup-caption = Scan this QRIS code with any banking or e-wallet app.
    Pay exactly: <b>{ $total }</b>
    Your wallet receives: { $amount }
    Fee: { $fee }
    Pay before: { $expires }
topup-already-open = You already have an open top-up of <b>{ $amount }</b> to pay before { $expires }. Pay it with the QR code above, or cancel it first.
topup-button-cancel = ✖️ Cancel top-up
topup-cancelled = Your top-up was cancelled. Nothing was charged.
topup-cancel-too-late = This top-up can no longer be cancelled.

deposit-qr-paid = Paid: { $amount } was added to your wallet. This code is closed.
deposit-paid = ✅ { $amount } added to your wallet. Your balance is now { $balance }.
deposit-qr-expired = Expired: this code for { $amount } can no longer be paid.
deposit-expired = Your top-up of { $amount } expired before it was paid. Nothing was charged; you can start a new one from the menu.
deposit-qr-cancelled = Cancelled: this code for { $amount } can no longer be paid.
deposit-cancelled = Your top-up of { $amount } was cancelled. Nothing was charged.

alert-deposit-paid-late = ⚠️ Admin: deposit { $reference } ({ $provider }) of user { $user } was paid after it closed ({ $state }); { $received } was credited to the wallet.
alert-deposit-amount-differs = ⚠️ Admin: deposit { $reference } ({ $provider }) of user { $user } was for { $amount } but { $received } was received and credited.

topup-cancel-failed = The top-up could not be cancelled just now. Please try again in a moment.
topup-history-button = 🧾 My top-ups
topup-history-title = <b>Your top-ups</b> (newest first):
topup-history-none = You have no top-ups yet.
topup-history-item = { $date } · { $amount } · { $state }
topup-state-pending = ⏳ waiting for payment
topup-state-paid = ✅ added to your wallet
topup-state-expired = ⌛ expired
topup-state-cancelled = ✖️ cancelled
topup-state-failed = ⚠️ not opened
