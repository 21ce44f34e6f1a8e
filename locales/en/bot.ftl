welcome = Welcome to the shop! Your wallet balance is <b>{ $balance }</b>.
    What would you like to do? You can also type part of a product name to search.
help = <b>How to buy</b>
    Tap <b>Buy</b>, pick a category, a brand or game and a product, then send the number or player ID it asks for. You see a summary with the price before anything is charged.
    You can also type part of a product name, e.g. <i>diamonds</i>.

    /start – balance and menu
    /orders – your orders
    /balance – your wallet balance
    /language – change the language
    /cancel – leave what you are doing
    /help – this help
balance = Your wallet balance is <b>{ $balance }</b>.
language-choose = Choose your language:
language-set = Language set to English.
cancelled = Cancelled. What would you like to do?
send-text = Please send text, or use the buttons.
unknown-command = I do not know that command. Here is the menu:
use-buttons = Please use the buttons above, or /cancel to start over.
button-stale = This button is no longer active.
error-generic = Something went wrong on our side. Please try again in a moment.

menu-buy = 🛒 Buy
menu-orders = 📦 My orders
menu-balance = 💰 Balance
menu-language = 🌐 Language
menu-help = ❓ Help
button-menu = Menu
button-back = « Back
button-cancel = ✖ Cancel
button-retry = ↻ Try again
button-confirm = ✔ Confirm

category-game = Games
category-pulsa = Airtime
category-data = Data packages
category-pln = PLN electricity
category-postpaid = Postpaid bills
category-voucher = Vouchers
category-flexiload = Flexiload (Bangladesh)
category-other = Other
choose-category = Choose a category:
choose-brand = <b>{ $category }</b>: choose a brand or game.
choose-product = <b>{ $brand }</b>: choose a product.
catalog-empty = There is nothing for sale right now. Please come back later.
price-on-request = price at checkout
product-gone = This product is not available any more. Please choose another one.

search-too-short = Type at least two letters of a product name to search.
search-none = Nothing found for “{ $query }”. Try another word, or browse with Buy.
search-results = Products matching “{ $query }” ({ $count }):

product-header = <b>{ $product }</b>
    Price: { $price }
prompt-phone-id = Send the Indonesian mobile number to top up, e.g. 081234567890.
prompt-phone-bd = Send the Bangladeshi mobile number to recharge, e.g. 01712345678.
prompt-player = Send the player's { $label }.
prompt-player-zone = Send the player's { $label } and { $zone }, e.g. 12345678 (2001).
prompt-zone = Now send the { $zone }.
prompt-server = Choose the { $server }:
prompt-meter = Send the PLN meter number (11 digits) or customer ID (12 digits).
prompt-customer-number = Send the customer number on the bill.
prompt-amount = How much? Send a whole amount of at least { $min }.
prompt-amount-range = How much? Send a whole amount from { $min } to { $max }.
try-again = Please try again.

input-phone-id = That is not an Indonesian mobile number. It starts with 08, 628 or +628 and has 10 to 13 digits, e.g. 081234567890.
input-phone-bd = That is not a Bangladeshi mobile number. It starts with 01 or +8801 and has 11 digits after the country code is removed, e.g. 01712345678.
input-player-id = That does not look like a player ID: use only letters and digits (at most 32).
input-zone = That does not look like a zone or server ID: use only letters and digits (at most 16).
input-meter = A PLN meter number has 11 digits and a customer ID 12 digits.
input-customer-number = A customer number has 6 to 20 digits.
input-amount = Please send a whole number, e.g. 50.
input-amount-low = The smallest amount is { $min }.
input-amount-high = The largest amount is { $max }.

check-invalid = We could not find this account. Check what you typed.
check-no-bill = No unpaid bill was found for this number.
check-unavailable = We cannot check this right now. Try again, or cancel.
check-running = Still checking this — one moment, please.

summary-title = <b>Please check your order</b>
summary-product = Product: <b>{ $product }</b>
summary-target = { $label }: <code>{ $target }</code>
summary-name = Name: <b>{ $name }</b>
summary-bill-period = Bill period: { $period }
summary-bill-total = Bill: { $amount }
summary-amount = Amount: { $amount }
summary-price = Price: <b>{ $price }</b>
summary-balance-after = Balance: { $balance } → after this order: <b>{ $after }</b>
summary-insufficient = Balance: { $balance }. ⚠ Not enough balance: <b>{ $missing }</b> missing. Please top up your wallet first.
label-phone = Number
label-player = Player
label-meter = Meter
label-customer-number = Customer number
price-changed = ⚠ The price changed from { $old } to <b>{ $new }</b>. Please confirm again.

orders-none = You have no orders yet.
orders-title = <b>Your orders</b>, newest first. Tap one for details.
order-not-found = That order was not found.
order-created-at = Ordered on { $date }
order-already-placed = This order was already placed.
order-insufficient = ⚠ Not enough balance: <b>{ $missing }</b> missing. Nothing was charged.
order-state-processing = ⏳
order-state-success = ✅
order-state-failed = ❌
order-state-refunded = ↩️
