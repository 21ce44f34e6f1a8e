# Tambah nilai dompet (deposit QRIS).

menu-topup = ➕ Tambah nilai
topup-choose = Berapa banyak yang anda mahu tambah ke dompet? Pilih jumlah atau ketik <b>Jumlah lain</b> (dari { $min } hingga { $max }).
topup-other = ✏️ Jumlah lain
topup-ask-amount = Taip jumlah untuk ditambah, cth. <i>50000</i> atau <i>50k</i> (dari { $min } hingga { $max }).
topup-not-understood = Saya tidak dapat membaca jumlah itu. Taip nombor seperti <i>50000</i>, atau /cancel.
topup-out-of-range = Jumlah mesti dari <b>{ $min }</b> hingga <b>{ $max }</b>. Sila taip jumlah lain.
topup-unavailable = Tambah nilai tidak tersedia sekarang. Sila cuba lagi kemudian.
topup-caption = Imbas kod QRIS ini dengan mana-mana aplikasi bank atau e-dompet.
    Bayar tepat: <b>{ $total }</b>
    Dompet anda menerima: { $amount }
    Caj: { $fee }
    Bayar sebelum: { $expires }
topup-already-open = Anda sudah ada tambah nilai terbuka sebanyak <b>{ $amount }</b> untuk dibayar sebelum { $expires }. Bayar dengan kod QR di atas, atau batalkannya dahulu.
topup-button-cancel = ✖️ Batal tambah nilai
topup-cancelled = Tambah nilai anda telah dibatalkan. Tiada caj dikenakan.
topup-cancel-too-late = Tambah nilai ini tidak boleh dibatalkan lagi.

deposit-qr-paid = Dibayar: { $amount } telah ditambah ke dompet anda. Kod ini sudah ditutup.
deposit-paid = ✅ { $amount } ditambah ke dompet anda. Baki anda kini { $balance }.
deposit-qr-expired = Tamat tempoh: kod untuk { $amount } ini tidak boleh dibayar lagi.
deposit-expired = Tambah nilai anda sebanyak { $amount } tamat tempoh sebelum dibayar. Tiada caj dikenakan; anda boleh mula yang baharu dari menu.
deposit-qr-cancelled = Dibatalkan: kod untuk { $amount } ini tidak boleh dibayar lagi.
deposit-cancelled = Tambah nilai anda sebanyak { $amount } telah dibatalkan. Tiada caj dikenakan.

alert-deposit-paid-late = ⚠️ Admin: deposit { $reference } ({ $provider }) pengguna { $user } dibayar selepas ditutup ({ $state }); { $received } dikreditkan ke dompet.
alert-deposit-amount-differs = ⚠️ Admin: deposit { $reference } ({ $provider }) pengguna { $user } sepatutnya { $amount } tetapi { $received } diterima dan dikreditkan.

topup-cancel-failed = Tambah nilai tidak dapat dibatalkan sekarang. Sila cuba lagi sebentar lagi.
topup-history-button = 🧾 Tambah nilai saya
topup-history-title = <b>Tambah nilai anda</b> (terbaru dahulu):
topup-history-none = Anda belum pernah menambah nilai.
topup-history-item = { $date } · { $amount } · { $state }
topup-state-pending = ⏳ menunggu bayaran
topup-state-paid = ✅ masuk ke dompet anda
topup-state-expired = ⌛ tamat tempoh
topup-state-cancelled = ✖️ dibatalkan
topup-state-failed = ⚠️ tidak dibuka
