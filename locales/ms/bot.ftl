welcome = Selamat datang ke kedai kami! Baki dompet anda ialah <b>{ $balance }</b>.
    Apakah yang ingin anda lakukan? Anda juga boleh menaip sebahagian nama produk untuk mencarinya.
help = <b>Cara membeli</b>
    Tekan <b>Beli</b>, pilih kategori, jenama atau permainan, dan produk, kemudian hantar nombor atau ID pemain yang diminta. Anda akan melihat ringkasan beserta harga sebelum sebarang caj dikenakan.
    Anda juga boleh menaip sebahagian nama produk, contohnya <i>diamonds</i>.

    /start – baki dan menu
    /orders – pesanan anda
    /balance – baki dompet anda
    /language – tukar bahasa
    /cancel – hentikan apa yang sedang anda lakukan
    /help – bantuan ini
balance = Baki dompet anda ialah <b>{ $balance }</b>.
language-choose = Pilih bahasa anda:
language-set = Bahasa ditukar kepada Bahasa Melayu.
cancelled = Dibatalkan. Apakah yang ingin anda lakukan?
send-text = Sila hantar teks, atau gunakan butang.
unknown-command = Saya tidak mengenali arahan itu. Ini menunya:
use-buttons = Sila gunakan butang di atas, atau /cancel untuk bermula semula.
button-stale = Butang ini tidak aktif lagi.
error-generic = Berlaku masalah di pihak kami. Sila cuba lagi sebentar lagi.

menu-buy = 🛒 Beli
menu-orders = 📦 Pesanan saya
menu-balance = 💰 Baki
menu-language = 🌐 Bahasa
menu-help = ❓ Bantuan
button-menu = Menu
button-back = « Kembali
button-cancel = ✖ Batal
button-retry = ↻ Cuba lagi
button-confirm = ✔ Sahkan

category-game = Permainan
category-pulsa = Kredit prabayar
category-data = Pakej data
category-pln = Elektrik PLN
category-postpaid = Bil pascabayar
category-voucher = Baucar
category-flexiload = Flexiload (Bangladesh)
category-other = Lain-lain
choose-category = Pilih kategori:
choose-brand = <b>{ $category }</b>: pilih jenama atau permainan.
choose-product = <b>{ $brand }</b>: pilih produk.
catalog-empty = Tiada produk untuk dijual buat masa ini. Sila kembali kemudian.
price-on-request = harga semasa pembayaran
product-gone = Produk ini tidak lagi tersedia. Sila pilih produk lain.

search-too-short = Taip sekurang-kurangnya dua huruf nama produk untuk mencari.
search-none = Tiada hasil untuk “{ $query }”. Cuba perkataan lain, atau layari melalui Beli.
search-results = Produk yang sepadan dengan “{ $query }” ({ $count }):

product-header = <b>{ $product }</b>
    Harga: { $price }
prompt-phone-id = Hantar nombor telefon bimbit Indonesia yang hendak ditambah nilai, contohnya 081234567890.
prompt-phone-bd = Hantar nombor telefon bimbit Bangladesh yang hendak ditambah nilai, contohnya 01712345678.
prompt-player = Hantar { $label } pemain.
prompt-player-zone = Hantar { $label } dan { $zone } pemain, contohnya 12345678 (2001).
prompt-zone = Sekarang hantar { $zone }.
prompt-server = Pilih { $server }:
prompt-meter = Hantar nombor meter PLN (11 digit) atau ID pelanggan (12 digit).
prompt-customer-number = Hantar nombor pelanggan yang tertera pada bil.
prompt-amount = Berapa? Hantar jumlah dalam nombor bulat, sekurang-kurangnya { $min }.
prompt-amount-range = Berapa? Hantar jumlah dalam nombor bulat antara { $min } hingga { $max }.
try-again = Sila cuba lagi.

input-phone-id = Itu bukan nombor telefon bimbit Indonesia. Nombor itu bermula dengan 08, 628 atau +628 dan mempunyai 10 hingga 13 digit, contohnya 081234567890.
input-phone-bd = Itu bukan nombor telefon bimbit Bangladesh. Nombor itu bermula dengan 01 atau +8801 dan mempunyai 11 digit tanpa kod negara, contohnya 01712345678.
input-player-id = Itu tidak kelihatan seperti ID pemain: gunakan huruf dan angka sahaja (maksimum 32).
input-zone = Itu tidak kelihatan seperti ID zon atau pelayan: gunakan huruf dan angka sahaja (maksimum 16).
input-meter = Nombor meter PLN mempunyai 11 digit dan ID pelanggan 12 digit.
input-customer-number = Nombor pelanggan mempunyai 6 hingga 20 digit.
input-amount = Sila hantar nombor bulat, contohnya 50.
input-amount-low = Jumlah paling kecil ialah { $min }.
input-amount-high = Jumlah paling besar ialah { $max }.

check-invalid = Akaun ini tidak dijumpai. Semak semula apa yang anda taip.
check-no-bill = Tiada bil tertunggak ditemui untuk nombor ini.
check-unavailable = Kami tidak dapat menyemaknya sekarang. Cuba lagi, atau batalkan.
check-running = Masih kami semak — sila tunggu sebentar.

summary-title = <b>Sila semak pesanan anda</b>
summary-product = Produk: <b>{ $product }</b>
summary-target = { $label }: <code>{ $target }</code>
summary-name = Nama: <b>{ $name }</b>
summary-bill-period = Tempoh bil: { $period }
summary-bill-total = Bil: { $amount }
summary-amount = Jumlah: { $amount }
summary-price = Harga: <b>{ $price }</b>
summary-balance-after = Baki: { $balance } → selepas pesanan ini: <b>{ $after }</b>
summary-insufficient = Baki: { $balance }. ⚠ Baki tidak mencukupi: kurang <b>{ $missing }</b>. Sila tambah nilai dompet anda dahulu.
label-phone = Nombor
label-player = Pemain
label-meter = Meter
label-customer-number = Nombor pelanggan
price-changed = ⚠ Harga telah berubah daripada { $old } kepada <b>{ $new }</b>. Sila sahkan sekali lagi.

orders-none = Anda belum mempunyai sebarang pesanan.
orders-title = <b>Pesanan anda</b>, yang terbaru dahulu. Tekan salah satu untuk melihat butirannya.
order-not-found = Pesanan itu tidak ditemui.
order-created-at = Dipesan pada { $date }
order-already-placed = Pesanan ini telah pun dibuat.
order-insufficient = ⚠ Baki tidak mencukupi: kurang <b>{ $missing }</b>. Tiada caj dikenakan.
order-state-processing = ⏳
order-state-success = ✅
order-state-failed = ❌
order-state-refunded = ↩️
