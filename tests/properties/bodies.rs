//! Real bodies from the providers' documents (/work/shared/provider-docs), the seeds of the
//! mutations. Each list holds an answer of every kind the document shows for that request.

pub const IAK_TRANSACTION: &[&str] = &[
    // The document's top-up answer (PROCESS).
    r#"{"data": {"ref_id": "order001", "status": 0, "product_code": "xld25000", "customer_id": "0817777215", "price": 25000, "message": "PROCESS", "balance": 997061249, "tr_id": 3482, "rc": "39"}}"#,
    // The same transaction settled, as check-status reports it (status 1, rc "00").
    r#"{"data": {"ref_id": "order001", "status": 1, "product_code": "xld25000", "customer_id": "0817777215", "price": 25000, "message": "SUCCESS", "balance": 997061249, "tr_id": 3482, "rc": "00", "sn": "0041234567890123"}}"#,
    // ... and failed (status 2, rc "14" INCORRECT DESTINATION NUMBER).
    r#"{"data": {"ref_id": "order001", "status": 2, "product_code": "xld25000", "customer_id": "0817777215", "price": 25000, "message": "INCORRECT DESTINATION NUMBER", "balance": 997061249, "tr_id": 3482, "rc": "14"}}"#,
];

pub const FLASHTOPUP_ORDER: &[&str] = &[
    r#"{"status": true, "msg": "success", "data": {"order_id": "ORD123", "service_name": "Weekly", "service_id": "12206", "status": "Processing", "note": ""}}"#,
    r#"{"result": false, "msg": "Insufficient Balance, kindly reload your balance and try again."}"#,
];

pub const FLASHTOPUP_STATUS: &[&str] = &[
    r#"{"status": true, "msg": "success", "data": {"order_id": "123456", "status": "Success", "note": ""}}"#,
    r#"{"status": true, "msg": "success", "data": {"order_id": "123456", "status": "Failed", "note": ""}}"#,
    r#"{"status": false, "msg": "order_id does note exist", "data": {"order_id": "", "status": "Error"}}"#,
];

pub const FLASHTOPUP_CALLBACK: &[&str] = &[
    r#"{"pin1": "123", "pin2": "456", "amount": "140.35", "input1": "test", "input2": "test2", "status": "Success", "service": "57 + 3 Extra UC", "order_id": "36", "ingamename": "test"}"#,
];

pub const FLOWIX_CREATE: &[&str] = &[
    r#"{"success": true, "code": 200, "message": "Transaction processing.", "data": {"trx_id": 105, "ref_id": "TRX-ORDER-001", "status": "processing", "price": 10500, "sn": ""}, "meta": {"timestamp": "2023-10-25 14:45:00", "api_version": "1.0.0", "method": "POST", "ip": "127.0.0.1"}}"#,
];

pub const FLOWIX_STATUS: &[&str] = &[
    r#"{"success": true, "message": "Transaction status retrieved successfully.", "data": {"ref_id": "TRX-ORDER-001", "product": "Telkomsel 10k", "target": "081234567890", "price": 10500, "status": "success", "sn": "1234567890123456", "note": "Transaksi Berhasil", "created_at": "2023-10-25 14:46:00"}}"#,
    r#"{"success": true, "message": "Transaction status retrieved successfully.", "data": {"ref_id": "TRX-ORDER-001", "product": "Telkomsel 10k", "target": "081234567890", "price": 10500, "status": "failed", "sn": "", "note": "Nomor tidak valid", "created_at": "2023-10-25 14:46:00"}}"#,
];

pub const FLOWIX_WEBHOOK: &[&str] = &[
    r#"{"id": "evt_d39a3e", "event": "transaction.status", "timestamp": 1698223000, "data": {"reff_id": "TRX-12345", "product": "TSEL10", "target": "081234567890", "status": "success", "sn": "000123000", "note": "Transaksi Berhasil"}}"#,
];

pub const GOTOPUP_TRANSACTION: &[&str] = &[
    r#"{"status": "success", "code": "00", "message": "Transaksi berhasil", "data": {"ref_id": "TXN-001", "transaction_id": "TXN123456", "code": "TELKOMSEL5", "customer_number": "081234567890", "product_name": "Pulsa Telkomsel 5.000", "price": 5500, "sn": "1234567890123456", "status": "success", "timestamp": "2025-01-15T10:30:00Z"}}"#,
    r#"{"status": "success", "code": "00", "data": {"ref_id": "TXN-001", "transaction_id": "TXN123456", "customer_number": "081234567890", "product_name": "Pulsa Telkomsel 5.000", "price": 5500, "status": "pending"}}"#,
];

pub const GOTOPUP_HISTORY: &[&str] = &[
    r#"{"status": "success", "code": "00", "data": {"transactions": [{"ref_id": "TXN-001", "transaction_id": "TXN123456", "customer_number": "081234567890", "code": "TELKOMSEL5", "product_name": "Pulsa Telkomsel 5.000", "price": 5500, "status": "success", "sn": "1234567890123456", "timestamp": "2025-01-15T10:30:00Z"}], "pagination": {"page": 1, "limit": 20, "total": 1, "total_pages": 1}}}"#,
    r#"{"status": "success", "code": "00", "data": {"transactions": [{"ref_id": "TXN-001", "transaction_id": "TXN123456", "customer_number": "081234567890", "code": "TELKOMSEL5", "product_name": "Pulsa Telkomsel 5.000", "price": 5500, "status": "failed", "sn": null, "timestamp": "2025-01-15T10:30:00Z"}], "pagination": {"page": 1, "limit": 20, "total": 1, "total_pages": 1}}}"#,
];

pub const GOTOPUP_WEBHOOK: &[&str] = &[
    r#"{"event": "transaction.success", "data": {"ref_id": "TXN-001", "transaction_id": "TXN123456", "code": "TELKOMSEL5", "customer_number": "081234567890", "status": "success", "sn": "1234567890123456", "price": 5500, "timestamp": "2025-01-15T10:30:00Z"}, "timestamp": "2025-01-15T10:30:00Z"}"#,
];

pub const AUTOFLEXI_CREATE: &[&str] = &[
    "{\n\"status\": true,\n\"message\": \"Flexiload- Request Submit Successfully\",\n\"trx_id\": \"162670202502102256558\"\n}",
    "{\n\"status\": false,\n\"error\": \"error response here\"\n}",
];

/// The verify example masks the number as a bare `17999*******`, which is not JSON; the
/// adapter reads it anyway (see `providers/autoflexi/dto.rs`).
pub const AUTOFLEXI_VERIFY: &[&str] = &[
    "{\n\"status\": true,\n\"data\": {\n\"status\": \"Completed\",\n\"trx_id\": \"162670202502102229266\",\n\"number\": 17999*******,\n\"amount\": 20\n}\n}",
    "{\n\"status\": true,\n\"data\": {\n\"status\": \"Failed\",\n\"trx_id\": \"162670202502102229266\",\n\"number\": 17999*******,\n\"amount\": 20\n}\n}",
    "{\n\"status\": false,\n\"error\": \"error response here\"\n}",
];
